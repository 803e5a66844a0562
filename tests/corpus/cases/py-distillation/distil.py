import torch
import torch.nn.functional as F
from datasets import load_dataset
from transformers import AutoModelForCausalLM, AutoTokenizer, Trainer, TrainingArguments

TEACHER = "Qwen/Qwen2.5-7B-Instruct"
STUDENT = "Qwen/Qwen2.5-0.5B"

tokenizer = AutoTokenizer.from_pretrained(TEACHER)
teacher = AutoModelForCausalLM.from_pretrained(TEACHER, torch_dtype=torch.bfloat16).eval()
student = AutoModelForCausalLM.from_pretrained(STUDENT)


class DistillTrainer(Trainer):
    def compute_loss(self, model, inputs, return_outputs=False, **kwargs):
        student_out = model(**inputs)
        with torch.no_grad():
            teacher_logits = teacher(**inputs).logits
        loss = F.kl_div(
            F.log_softmax(student_out.logits / 2.0, dim=-1),
            F.softmax(teacher_logits / 2.0, dim=-1),
            reduction="batchmean",
        )
        return (loss, student_out) if return_outputs else loss


train = load_dataset("HuggingFaceTB/smoltalk", "all", split="train")
args = TrainingArguments(
    output_dir="outputs/qwen-distill",
    push_to_hub=True,
    hub_model_id="acme/qwen2.5-0.5b-distilled",
)
DistillTrainer(model=student, args=args, train_dataset=train, tokenizer=tokenizer).train()
