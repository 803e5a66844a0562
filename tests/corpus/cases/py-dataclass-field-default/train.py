from dataclasses import dataclass, field

from datasets import load_dataset
from transformers import AutoModelForCausalLM, AutoTokenizer, HfArgumentParser, TrainingArguments


@dataclass
class ModelArguments:
    model_name_or_path: str = field(
        default="HuggingFaceTB/SmolLM2-1.7B-Instruct",
        metadata={"help": "Checkpoint to fine-tune."},
    )
    torch_dtype: str = field(default="bfloat16")


@dataclass
class DataArguments:
    dataset_name: str = field(default="HuggingFaceH4/ultrachat_200k")
    max_seq_length: int = 2048


def main() -> None:
    parser = HfArgumentParser((ModelArguments, DataArguments, TrainingArguments))
    model_args, data_args, training_args = parser.parse_args_into_dataclasses()
    tokenizer = AutoTokenizer.from_pretrained(model_args.model_name_or_path)
    model = AutoModelForCausalLM.from_pretrained(model_args.model_name_or_path)
    dataset = load_dataset(data_args.dataset_name, split="train_sft")
    print(len(dataset), model.config.model_type, tokenizer.model_max_length)


if __name__ == "__main__":
    main()
