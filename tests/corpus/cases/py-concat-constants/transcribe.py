from transformers import WhisperForConditionalGeneration, WhisperProcessor

HUB_ORG = "openai/"
CHECKPOINT = HUB_ORG + "whisper-large-v3"

processor = WhisperProcessor.from_pretrained(CHECKPOINT)
model = WhisperForConditionalGeneration.from_pretrained(CHECKPOINT)
