import numpy as np
import onnxruntime as ort

# Fetched from the artifact store at deploy time (see deploy/fetch_models.sh).
session = ort.InferenceSession("models/intent-classifier.onnx", providers=["CPUExecutionProvider"])


def predict(features: np.ndarray) -> int:
    (logits,) = session.run(None, {"input": features.astype(np.float32)})
    return int(logits.argmax())
