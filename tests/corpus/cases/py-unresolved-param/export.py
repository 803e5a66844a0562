import sys

from transformers import AutoModelForCausalLM, AutoTokenizer


def export(model_name_or_path: str, target: str) -> None:
    tokenizer = AutoTokenizer.from_pretrained(model_name_or_path)
    model = AutoModelForCausalLM.from_pretrained(model_name_or_path)
    model.save_pretrained(target, safe_serialization=True)
    tokenizer.save_pretrained(target)


if __name__ == "__main__":
    export(sys.argv[1], sys.argv[2])
