"""Optimizers with Keras' argument names, mapped onto libnn's nn_optimizer
and nn_param values.

Once a model is compiled with an optimizer, setting an attribute
(``model.optimizer.learning_rate = 1e-4``) changes the model's
hyper-parameter at once, also from a callback in the middle of fit (it takes
effect at the next step).

``weight_decay`` follows libnn: AdamW decays the weights directly
(decoupled, default 0.004); for SGD, Adam and RMSprop it adds wd * w to the
gradient (PyTorch's L2 form). ``global_clipnorm`` scales the gradient of all
parameters together down to that L2 norm (Keras' global_clipnorm, PyTorch's
clip_grad_norm_)."""

import weakref

from . import _lib
from ._enums import OPTIMIZERS, PARAMS
from .errors import InvalidArgumentError

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "RMSprop", "get"]


class Optimizer:
    name = None
    _hyper = ()  # the hyper-parameters of this optimizer, in PARAMS' names

    def __init__(self, **params):
        object.__setattr__(self, "_model", None)
        object.__setattr__(self, "_values", {})
        for key in self._hyper:
            self._values[key] = params[key]

    @property
    def kind(self):
        return OPTIMIZERS[self.name]

    def _bind(self, model):
        object.__setattr__(self, "_model", weakref.ref(model))

    def _bound_ptr(self):
        model = self._model() if self._model is not None else None
        if model is None or model._ptr is None or model.optimizer is not self:
            return None
        return model._ptr

    def _push(self, ptr, key, value):
        _lib.check(_lib.lib.nn_model_set_param(ptr, PARAMS[key], float(value)))

    def _apply(self, ptr):
        """Sets every hyper-parameter of this optimizer on a compiled model
        (compile sets the learning rate)."""
        for key in self._hyper:
            if key != "learning_rate":
                self._push(ptr, key, self._values[key])

    def __getattr__(self, key):
        values = self.__dict__.get("_values", {})
        if key in values:
            ptr = self._bound_ptr()
            if ptr is None:
                return values[key]
            value = _lib.ctypes.c_double()
            _lib.check(_lib.lib.nn_model_get_param(ptr, PARAMS[key],
                                                   _lib.ctypes.byref(value)))
            return bool(value.value) if key == "nesterov" else value.value
        raise AttributeError("%s has no attribute %r" % (type(self).__name__, key))

    def __setattr__(self, key, value):
        if key in self._values:
            ptr = self._bound_ptr()
            if ptr is not None:
                self._push(ptr, key, value)
            self._values[key] = value
        else:
            object.__setattr__(self, key, value)

    # Keras 2 spelling
    @property
    def lr(self):
        return self.learning_rate

    @lr.setter
    def lr(self, value):
        self.learning_rate = value

    def get_config(self):
        return {"name": self.name, **{k: getattr(self, k) for k in self._hyper}}

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, ", ".join(
            "%s=%r" % kv for kv in self.get_config().items() if kv[0] != "name"))


class SGD(Optimizer):
    """w <- w - lr g; with momentum v <- momentum v + g, w <- w - lr v;
    Nesterov: w <- w - lr (g + momentum v)."""
    name = "sgd"
    _hyper = ("learning_rate", "momentum", "nesterov", "weight_decay",
              "global_clipnorm")

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False,
                 weight_decay=None, global_clipnorm=None):
        super().__init__(learning_rate=learning_rate, momentum=momentum,
                         nesterov=bool(nesterov), weight_decay=weight_decay or 0.0,
                         global_clipnorm=global_clipnorm or 0.0)


class Adam(Optimizer):
    """Adam (Kingma & Ba) with bias corrections, PyTorch's epsilon placement:
    w <- w - lr m^ / (sqrt(v^) + epsilon)."""
    name = "adam"
    _hyper = ("learning_rate", "beta_1", "beta_2", "epsilon", "weight_decay",
              "global_clipnorm")

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999,
                 epsilon=1e-7, weight_decay=None, global_clipnorm=None):
        super().__init__(learning_rate=learning_rate, beta_1=beta_1,
                         beta_2=beta_2, epsilon=epsilon,
                         weight_decay=weight_decay or 0.0,
                         global_clipnorm=global_clipnorm or 0.0)


class AdamW(Adam):
    """Adam with decoupled weight decay applied first: w <- w - lr wd w."""
    name = "adamw"

    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9,
                 beta_2=0.999, epsilon=1e-7, global_clipnorm=None):
        Optimizer.__init__(self, learning_rate=learning_rate, beta_1=beta_1,
                           beta_2=beta_2, epsilon=epsilon,
                           weight_decay=weight_decay,
                           global_clipnorm=global_clipnorm or 0.0)


class RMSprop(Optimizer):
    """v <- rho v + (1 - rho) g^2, w <- w - lr g / (sqrt(v) + epsilon)."""
    name = "rmsprop"
    _hyper = ("learning_rate", "rho", "epsilon", "weight_decay",
              "global_clipnorm")

    def __init__(self, learning_rate=0.001, rho=0.9, epsilon=1e-7,
                 weight_decay=None, global_clipnorm=None):
        super().__init__(learning_rate=learning_rate, rho=rho, epsilon=epsilon,
                         weight_decay=weight_decay or 0.0,
                         global_clipnorm=global_clipnorm or 0.0)


_BY_NAME = {cls.name: cls for cls in (SGD, Adam, AdamW, RMSprop)}


def get(identifier):
    """An Optimizer from a name ("adam") or an Optimizer (returned as is)."""
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, str) and identifier.lower() in _BY_NAME:
        return _BY_NAME[identifier.lower()]()
    raise InvalidArgumentError("unknown optimizer %r; libnn has %s"
                               % (identifier, ", ".join(sorted(_BY_NAME))))


def _from_model(ptr, kind):
    """Rebuilds the Optimizer of a loaded model from its parameters."""
    name = {v: k for k, v in OPTIMIZERS.items()}[kind]
    cls = _BY_NAME[name]
    value = _lib.ctypes.c_double()
    params = {}
    for key in cls._hyper:
        _lib.check(_lib.lib.nn_model_get_param(ptr, PARAMS[key],
                                               _lib.ctypes.byref(value)))
        params[key] = bool(value.value) if key == "nesterov" else value.value
    opt = cls.__new__(cls)
    Optimizer.__init__(opt, **params)
    return opt
