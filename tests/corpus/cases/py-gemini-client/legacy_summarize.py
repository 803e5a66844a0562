import google.generativeai as genai

model = genai.GenerativeModel(model_name="models/gemini-1.5-flash")


def summarize(text: str) -> str:
    return model.generate_content("Summarize:\n" + text).text
