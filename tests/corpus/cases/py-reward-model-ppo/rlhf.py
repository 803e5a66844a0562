from datasets import load_dataset
from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification, AutoTokenizer
from trl import PPOConfig, PPOTrainer

POLICY = "EleutherAI/pythia-1b-deduped"
REWARD = "OpenAssistant/reward-model-deberta-v3-large-v2"

tokenizer = AutoTokenizer.from_pretrained(POLICY, padding_side="left")
policy = AutoModelForCausalLM.from_pretrained(POLICY)
ref_policy = AutoModelForCausalLM.from_pretrained(POLICY)
reward_model = AutoModelForSequenceClassification.from_pretrained(REWARD, num_labels=1)
value_model = AutoModelForSequenceClassification.from_pretrained(REWARD, num_labels=1)

prompts = load_dataset("Anthropic/hh-rlhf", split="train")
trainer = PPOTrainer(
    args=PPOConfig(output_dir="ppo-pythia"),
    processing_class=tokenizer,
    model=policy,
    ref_model=ref_policy,
    reward_model=reward_model,
    value_model=value_model,
    train_dataset=prompts,
)
trainer.train()
