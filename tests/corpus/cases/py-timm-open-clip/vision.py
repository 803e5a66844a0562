import open_clip
import timm

classifier = timm.create_model(
    "hf_hub:timm/vit_base_patch16_224.augreg2_in21k_ft_in1k", pretrained=True
).eval()

clip, _, preprocess = open_clip.create_model_and_transforms(
    "hf-hub:laion/CLIP-ViT-B-32-laion2B-s34B-b79K"
)
tokenizer = open_clip.get_tokenizer("hf-hub:laion/CLIP-ViT-B-32-laion2B-s34B-b79K")
