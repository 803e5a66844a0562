"""Fine-tune a LoRA adapter for the support bot."""

import argparse

from datasets import load_dataset
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer, TrainingArguments


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-model", default="meta-llama/Llama-3.1-8B-Instruct")
    parser.add_argument("--dataset", default="acme/support-tickets")
    parser.add_argument("--output-dir", default="outputs/support-bot-lora")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    tokenizer = AutoTokenizer.from_pretrained(args.base_model)
    model = AutoModelForCausalLM.from_pretrained(args.base_model, revision="0e9e39f249a16976918f6564b8830bc894c89659")
    model = get_peft_model(model, LoraConfig(r=16, target_modules=["q_proj", "v_proj"]))
    data = load_dataset(args.dataset, split="train")
    training = TrainingArguments(
        output_dir=args.output_dir,
        push_to_hub=True,
        hub_model_id="acme/support-bot-lora",
    )
    print(tokenizer, data, training)


if __name__ == "__main__":
    main()
