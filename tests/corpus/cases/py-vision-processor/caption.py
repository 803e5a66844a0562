from PIL import Image
from transformers import (
    AutoProcessor,
    CLIPModel,
    CLIPProcessor,
    LlavaForConditionalGeneration,
)

processor = AutoProcessor.from_pretrained("llava-hf/llava-1.5-7b-hf")
llava = LlavaForConditionalGeneration.from_pretrained("llava-hf/llava-1.5-7b-hf", device_map="auto")

clip = CLIPModel.from_pretrained("openai/clip-vit-base-patch32")
clip_processor = CLIPProcessor.from_pretrained("openai/clip-vit-base-patch32")


def score(image_path: str, labels: list[str]) -> list[float]:
    inputs = clip_processor(text=labels, images=Image.open(image_path), return_tensors="pt", padding=True)
    return clip(**inputs).logits_per_image.softmax(dim=1)[0].tolist()
