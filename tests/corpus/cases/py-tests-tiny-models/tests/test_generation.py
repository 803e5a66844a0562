import pytest
from transformers import AutoTokenizer, pipeline

TINY_GPT2 = "hf-internal-testing/tiny-random-gpt2"


@pytest.fixture(scope="module")
def bert_tokenizer():
    return AutoTokenizer.from_pretrained("hf-internal-testing/tiny-random-bert")


def test_generates_text() -> None:
    generator = pipeline("text-generation", model=TINY_GPT2)
    assert generator("Hello", max_new_tokens=5)[0]["generated_text"].startswith("Hello")


def test_tokenizer_round_trip(bert_tokenizer) -> None:
    ids = bert_tokenizer("hello world")["input_ids"]
    assert bert_tokenizer.decode(ids, skip_special_tokens=True) == "hello world"
