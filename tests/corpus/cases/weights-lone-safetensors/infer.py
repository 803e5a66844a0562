import torch
from safetensors.torch import load_file

state = load_file("weights/classifier.safetensors")
head = torch.nn.Linear(2, 2)
head.load_state_dict(state)
