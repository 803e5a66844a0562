import dspy

lm = dspy.LM("openai/gpt-4o-mini", max_tokens=1000)
local_lm = dspy.LM("ollama_chat/llama3.2", api_base="http://localhost:11434", api_key="")
dspy.configure(lm=lm)


class AnswerWithContext(dspy.Signature):
    """Answer questions with short factoid answers."""

    context: str = dspy.InputField()
    question: str = dspy.InputField()
    answer: str = dspy.OutputField()


qa = dspy.ChainOfThought(AnswerWithContext)
with dspy.context(lm=local_lm):
    draft = qa(context="...", question="What is DSPy?")
