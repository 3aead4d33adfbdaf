"""PyTorch as the oracle: the same initial weights (torch Linear weight =
kernel.T), the same batches in the same order (shuffle=False), then the
weights after 1 and 50 optimizer steps, the forward pass of every activation
and every loss. PyTorch computes in float64, so each figure is libnn's own
float32 error. The largest deviations are printed at the end of the run."""

import numpy as np
import pytest

torch = pytest.importorskip(
    "torch", reason="PyTorch is not installed (apt-get install python3-torch); "
                    "the oracle tests need it")
import torch.nn.functional as F  # noqa: E402

from libnn import Dense, Sequential  # noqa: E402
from libnn import optimizers as opt  # noqa: E402
from conftest import record_deviation  # noqa: E402

torch.set_num_threads(1)

TRAIN_TOL = 1e-4     # max|dw| / max|w| per tensor
FORWARD_TOL = 1e-5   # max|d| / max|ref|

ACTIVATIONS = {
    "linear": lambda z: z,
    "relu": torch.relu,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "softmax": lambda z: torch.softmax(z, dim=1),
    "leaky_relu": lambda z: F.leaky_relu(z, 0.3),
    "elu": lambda z: F.elu(z, alpha=1.0),
    "gelu": lambda z: F.gelu(z),                 # exact (erf) form
    "softplus": F.softplus,
    "sin": torch.sin,
    "gaussian": lambda z: torch.exp(-z * z),
}


class TorchNet(torch.nn.Module):
    """nn.Linear layers in float64 holding a libnn model's weights."""

    def __init__(self, model):
        super().__init__()
        acts = [l.activation for l in model.layers]
        weights = model.get_weights()
        self.linears = torch.nn.ModuleList()
        for kernel, bias in zip(weights[::2], weights[1::2]):
            lin = torch.nn.Linear(*kernel.shape).double()
            with torch.no_grad():
                lin.weight.copy_(torch.from_numpy(kernel.T.astype(np.float64)))
                lin.bias.copy_(torch.from_numpy(bias.astype(np.float64)))
            self.linears.append(lin)
        self.acts = [ACTIVATIONS[a] for a in acts]

    def forward(self, x):
        for lin, act in zip(self.linears, self.acts):
            x = act(lin(x))
        return x

    def keras_weights(self):
        out = []
        for lin in self.linears:
            out += [lin.weight.detach().numpy().T, lin.bias.detach().numpy()]
        return out


def torch_loss(name, out, y):
    """libnn's (Keras') conventions: MSE/MAE/BCE averaged over rows and
    outputs, CCE/SCCE over rows."""
    if name == "mse":
        return ((out - y) ** 2).mean()
    if name == "mae":
        return (out - y).abs().mean()
    if name == "binary_crossentropy":
        return F.binary_cross_entropy(out, y)
    if name == "categorical_crossentropy":
        return -(y * torch.log(out)).sum(dim=1).mean()
    if name == "sparse_categorical_crossentropy":
        return F.nll_loss(torch.log(out), y.long())
    raise AssertionError(name)


def rel_dev(got, want):
    want = np.asarray(want, np.float64)
    scale = max(np.abs(want).max(), 1e-30)
    return float(np.abs(np.asarray(got, np.float64) - want).max() / scale)


# -- training steps ----------------------------------------------------------

def classifier(seed):
    return Sequential([Dense(16, activation="tanh"), Dense(8, activation="relu"),
                       Dense(3, activation="softmax")], input_dim=20, seed=seed)


def regressor(seed):
    return Sequential([Dense(12, activation="gelu"), Dense(2, activation="linear")],
                      input_dim=6, seed=seed)


CASES = {
    # name: (libnn optimizer, torch optimizer factory, network, loss)
    "sgd": (lambda: opt.SGD(learning_rate=0.1),
            lambda p: torch.optim.SGD(p, lr=0.1), classifier,
            "sparse_categorical_crossentropy"),
    "sgd_momentum": (lambda: opt.SGD(learning_rate=0.05, momentum=0.9),
                     lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9), classifier,
                     "sparse_categorical_crossentropy"),
    "sgd_nesterov": (lambda: opt.SGD(learning_rate=0.05, momentum=0.9, nesterov=True),
                     lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True),
                     classifier, "sparse_categorical_crossentropy"),
    "adam": (lambda: opt.Adam(learning_rate=0.01),
             lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.9, 0.999), eps=1e-7),
             classifier, "sparse_categorical_crossentropy"),
    "adam_betas": (lambda: opt.Adam(learning_rate=0.005, beta_1=0.8, beta_2=0.99),
                   lambda p: torch.optim.Adam(p, lr=0.005, betas=(0.8, 0.99), eps=1e-7),
                   classifier, "sparse_categorical_crossentropy"),
    "adamw": (lambda: opt.AdamW(learning_rate=0.01),
              lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.004, eps=1e-7),
              classifier, "sparse_categorical_crossentropy"),
    "rmsprop": (lambda: opt.RMSprop(learning_rate=0.005),
                lambda p: torch.optim.RMSprop(p, lr=0.005, alpha=0.9, eps=1e-7),
                classifier, "sparse_categorical_crossentropy"),
    "adam_l2": (lambda: opt.Adam(learning_rate=0.01, weight_decay=0.01),
                lambda p: torch.optim.Adam(p, lr=0.01, eps=1e-7, weight_decay=0.01),
                classifier, "sparse_categorical_crossentropy"),
    "sgd_mse": (lambda: opt.SGD(learning_rate=0.05),
                lambda p: torch.optim.SGD(p, lr=0.05), regressor, "mse"),
    "adam_mse": (lambda: opt.Adam(learning_rate=0.01),
                 lambda p: torch.optim.Adam(p, lr=0.01, eps=1e-7), regressor, "mse"),
    "rmsprop_mae": (lambda: opt.RMSprop(learning_rate=0.01),
                    lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-7),
                    regressor, "mae"),
}
CLIP = 0.5   # sgd_clip: global norm clipping (torch clip_grad_norm_)


def make_data(net, n=72):
    rng = np.random.default_rng(123)
    if net is classifier:
        x = rng.normal(size=(n, 20)).astype(np.float32)
        y = (np.argmax(x[:, :3] + 0.5 * x[:, 3:6], axis=1)).astype(np.float32)
    else:
        x = rng.normal(size=(n, 6)).astype(np.float32)
        y = np.stack([np.sin(x[:, 0]) + x[:, 1], x[:, 2] * x[:, 3]], axis=1).astype(np.float32)
    return x, y


def run_both(case, steps, batch=16, clip=None):
    lib_opt, torch_opt, net, loss = CASES[case]
    x, y = make_data(net)
    model = net(seed=7)
    optimizer = lib_opt()
    if clip:
        optimizer.global_clipnorm = clip
    model.compile(optimizer=optimizer, loss=loss)
    ref = TorchNet(model)          # the same initial weights
    # 72 rows in batches of 16: 5 steps per epoch, the last of 8 rows
    per_epoch = -(-len(x) // batch)
    if steps < per_epoch:
        model.fit(x[:steps * batch], y[:steps * batch], epochs=1, batch_size=batch,
                  shuffle=False, verbose=0)
    else:
        assert steps % per_epoch == 0
        model.fit(x, y, epochs=steps // per_epoch, batch_size=batch, shuffle=False,
                  verbose=0)
    topt = torch_opt(ref.parameters())
    xt, yt = torch.from_numpy(x).double(), torch.from_numpy(y).double()
    done = 0
    while done < steps:
        for start in range(0, len(x), batch):
            if done == steps:
                break
            topt.zero_grad()
            torch_loss(loss, ref(xt[start:start + batch]), yt[start:start + batch]).backward()
            if clip:
                torch.nn.utils.clip_grad_norm_(ref.parameters(), clip)
            topt.step()
            done += 1
    return model.get_weights(), ref.keras_weights()


@pytest.mark.parametrize("steps", [1, 50])
@pytest.mark.parametrize("case", sorted(CASES) + ["sgd_clip"])
def test_training_steps_match_torch(case, steps):
    if case == "sgd_clip":
        got, want = run_both("sgd", steps, clip=CLIP)
    else:
        got, want = run_both(case, steps)
    worst = 0.0
    for i, (g, w) in enumerate(zip(got, want)):
        dev = rel_dev(g, w)
        worst = max(worst, dev)
        assert dev <= TRAIN_TOL, "tensor %d (%s): max|dw|/max|w| = %.3g" % (
            i, "kernel" if i % 2 == 0 else "bias", dev)
    # the steps really moved the weights
    assert any(rel_dev(g, w0) > 1e-3 for g, w0 in zip(
        got, TorchNet(CASES.get(case, CASES["sgd"])[2](seed=7)).keras_weights()))
    record_deviation("training, %d step%s" % (steps, "s" if steps > 1 else ""),
                     worst, "%s/%d" % (case, steps))


# -- forward pass and losses --------------------------------------------------

@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_forward_matches_torch(activation):
    rng = np.random.default_rng(3)
    model = Sequential([Dense(9, activation="tanh"), Dense(7, activation=activation)],
                       input_dim=5, seed=1)
    # weights large enough to exercise both sides of every kink and tail
    model.set_weights([rng.normal(scale=s, size=w.shape)
                       for s, w in zip((1.0, 0.5, 2.0, 0.5), model.get_weights())])
    x = rng.normal(scale=2.0, size=(64, 5)).astype(np.float32)
    got = model.predict(x)
    with torch.no_grad():
        want = TorchNet(model)(torch.from_numpy(x).double()).numpy()
    dev = rel_dev(got, want)
    record_deviation("forward (activations)", dev, activation)
    assert dev <= FORWARD_TOL, dev


LOSS_CASES = {
    "mse": "linear", "mae": "linear", "binary_crossentropy": "sigmoid",
    "categorical_crossentropy": "softmax", "sparse_categorical_crossentropy": "softmax",
}


@pytest.mark.parametrize("loss", sorted(LOSS_CASES))
def test_loss_matches_torch(loss):
    rng = np.random.default_rng(4)
    model = Sequential([Dense(8, activation="elu"), Dense(4, activation=LOSS_CASES[loss])],
                       input_dim=6, seed=2)
    model.compile(optimizer="sgd", loss=loss, metrics=["accuracy"])
    n = 50
    x = rng.normal(size=(n, 6)).astype(np.float32)
    if loss == "sparse_categorical_crossentropy":
        y = rng.integers(0, 4, n).astype(np.float32)
    elif loss == "categorical_crossentropy":
        y = rng.dirichlet(np.ones(4), n).astype(np.float32)      # probabilities
    elif loss == "binary_crossentropy":
        y = rng.random((n, 4)).astype(np.float32)                 # soft labels in [0, 1]
    else:
        y = rng.normal(size=(n, 4)).astype(np.float32)
    got_loss, got_acc = model.evaluate(x, y)
    with torch.no_grad():
        out = TorchNet(model)(torch.from_numpy(x).double())
        want = torch_loss(loss, out, torch.from_numpy(y).double()).item()
    dev = abs(got_loss - want) / abs(want)
    record_deviation("loss values", dev, loss)
    assert dev <= FORWARD_TOL, (got_loss, want)
    # accuracy as nn.h defines it
    p = out.numpy()
    if loss == "sparse_categorical_crossentropy":
        acc = np.mean(p.argmax(1) == y)
    elif loss == "categorical_crossentropy":
        acc = np.mean(p.argmax(1) == y.argmax(1))
    elif loss == "binary_crossentropy":
        acc = np.mean((p > 0.5) == (y > 0.5))
    else:
        acc = float("nan")
    np.testing.assert_allclose(got_acc, acc, rtol=1e-6)
