from transformers import AutoModelForCausalLM, AutoTokenizer


def load(model_name: str = "google/gemma-2-2b-it", dtype: str = "bfloat16"):
    """Load the chat model; callers may pass another Hub id."""
    tokenizer = AutoTokenizer.from_pretrained(model_name)
    model = AutoModelForCausalLM.from_pretrained(model_name, torch_dtype=dtype)
    return tokenizer, model


tokenizer, model = load()
