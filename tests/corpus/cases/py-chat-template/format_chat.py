from transformers import AutoTokenizer

CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

tokenizer = AutoTokenizer.from_pretrained("Qwen/Qwen2-0.5B-Instruct")
tokenizer.chat_template = CHATML_TEMPLATE

text = tokenizer.apply_chat_template(
    [{"role": "system", "content": "You are helpful."}, {"role": "user", "content": "Hi"}],
    tokenize=False,
    add_generation_prompt=True,
)
