from transformers import AutoTokenizer

SAMPLE = "Tokenizers split text differently."

for name in ("google-bert/bert-base-cased", "FacebookAI/roberta-base"):
    tokenizer = AutoTokenizer.from_pretrained(name)
    print(name, len(tokenizer.tokenize(SAMPLE)))
