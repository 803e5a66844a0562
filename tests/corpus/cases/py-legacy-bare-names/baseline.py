from transformers import BertModel, BertTokenizer, GPT2LMHeadModel, GPT2TokenizerFast

bert_tok = BertTokenizer.from_pretrained("bert-base-uncased")
bert = BertModel.from_pretrained("bert-base-uncased")

gpt_tok = GPT2TokenizerFast.from_pretrained("gpt2")
gpt = GPT2LMHeadModel.from_pretrained("gpt2")
