from transformers import pipeline

classifier = pipeline("text-classification", model="checkpoints/sentiment-v2")
print(classifier("The update fixed everything."))
