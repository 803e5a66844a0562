import os

from datasets import load_dataset
from trl import SFTConfig, SFTTrainer
from unsloth import FastLanguageModel

model, tokenizer = FastLanguageModel.from_pretrained(
    model_name="unsloth/Meta-Llama-3.1-8B-bnb-4bit",
    max_seq_length=2048,
    load_in_4bit=True,
)
model = FastLanguageModel.get_peft_model(model, r=16, lora_alpha=16, use_gradient_checkpointing="unsloth")

dataset = load_dataset("yahma/alpaca-cleaned", split="train")
trainer = SFTTrainer(
    model=model,
    tokenizer=tokenizer,
    train_dataset=dataset,
    args=SFTConfig(output_dir="outputs", max_steps=60, dataset_text_field="text"),
)
trainer.train()

model.save_pretrained_gguf("gguf_model", tokenizer, quantization_method="q4_k_m")
model.push_to_hub_gguf(
    "acme/llama-3.1-8b-alpaca-GGUF", tokenizer, quantization_method="q4_k_m", token=os.environ["HF_TOKEN"]
)
