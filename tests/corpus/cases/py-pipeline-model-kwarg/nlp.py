from transformers import pipeline

classifier = pipeline(
    "text-classification", model="distilbert/distilbert-base-uncased-finetuned-sst-2-english"
)
summarizer = pipeline(
    "summarization", model="facebook/bart-large-cnn", tokenizer="facebook/bart-large-cnn"
)
ner = pipeline(task="ner", model="dslim/bert-base-NER", aggregation_strategy="simple")
