import pytest
from transformers import AutoTokenizer


@pytest.mark.parametrize("model_id", ["google-bert/bert-base-uncased", "FacebookAI/roberta-base"])
def test_round_trip(model_id):
    tokenizer = AutoTokenizer.from_pretrained(model_id)
    assert tokenizer.decode(tokenizer.encode("hi"), skip_special_tokens=True) == "hi"
