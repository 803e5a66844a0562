from datasets import load_dataset
from peft import LoraConfig, get_peft_model
from transformers import (
    AutoModelForCausalLM,
    AutoTokenizer,
    DataCollatorForLanguageModeling,
    Trainer,
    TrainingArguments,
)

BASE_MODEL = "meta-llama/Llama-3.2-1B"

tokenizer = AutoTokenizer.from_pretrained(BASE_MODEL)
tokenizer.pad_token = tokenizer.eos_token
model = AutoModelForCausalLM.from_pretrained(BASE_MODEL)
model = get_peft_model(
    model, LoraConfig(r=16, lora_alpha=32, target_modules=["q_proj", "v_proj"], task_type="CAUSAL_LM")
)

data = load_dataset("databricks/databricks-dolly-15k", split="train")
data = data.map(lambda row: tokenizer(row["instruction"] + "\n" + row["response"]), batched=False)

trainer = Trainer(
    model=model,
    args=TrainingArguments(output_dir="outputs/llama-lora", num_train_epochs=1),
    train_dataset=data,
    data_collator=DataCollatorForLanguageModeling(tokenizer, mlm=False),
)
trainer.train()
model.push_to_hub("acme/llama-3.2-1b-dolly-lora")
