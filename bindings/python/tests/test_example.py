"""The origin-story example runs and reaches Keras' accuracy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from libnn import datasets

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "origin_story.py"


@pytest.mark.skipif(not Path(datasets.FASHION_MNIST_DIR).is_dir(),
                    reason="Fashion-MNIST is not installed "
                           "(apt-get install dataset-fashion-mnist)")
def test_origin_story(tmp_path):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    out = subprocess.run([sys.executable, str(EXAMPLE), str(tmp_path / "m.nnm")],
                         capture_output=True, text=True, env=env, timeout=300,
                         cwd=str(tmp_path))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Epoch 5/5" in out.stdout
    assert "reloaded model predicts identically" in out.stdout
    accuracy = float(out.stdout.split("accuracy ")[-1].split()[0].rstrip(","))
    assert accuracy >= 0.8
