import hydra
from datasets import load_dataset
from omegaconf import DictConfig
from transformers import AutoModelForCausalLM


@hydra.main(version_base=None, config_path="conf", config_name="config")
def main(cfg: DictConfig) -> None:
    model = AutoModelForCausalLM.from_pretrained(
        cfg.model.pretrained_model_name_or_path, torch_dtype=cfg.model.torch_dtype
    )
    data = load_dataset(cfg.dataset.name, split=cfg.dataset.split)
    print(model.num_parameters(), len(data))


if __name__ == "__main__":
    main()
