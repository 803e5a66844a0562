from datasets import load_dataset
from trl import SFTConfig, SFTTrainer

dataset = load_dataset("trl-lib/Capybara", split="train")

training_args = SFTConfig(
    output_dir="Qwen2.5-0.5B-SFT",
    push_to_hub=True,
    hub_model_id="acme/Qwen2.5-0.5B-SFT",
)
trainer = SFTTrainer(model="Qwen/Qwen2.5-0.5B", args=training_args, train_dataset=dataset)
trainer.train()
