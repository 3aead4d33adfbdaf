"""Layers: Dense and Dropout, as in keras.layers, plus Input to give the
input width."""

import itertools
import numbers

from ._enums import ACTIVATIONS
from .errors import InvalidArgumentError, StateError

__all__ = ["Layer", "Dense", "Dropout", "Input"]

_counters = {}


def _auto_name(base):
    n = next(_counters.setdefault(base, itertools.count()))
    return base if n == 0 else "%s_%d" % (base, n)


def _input_width(input_dim, input_shape, where):
    if input_shape is not None:
        shape = tuple(input_shape)
        if len(shape) != 1:
            raise InvalidArgumentError(
                "%s: input_shape must be (features,), got %r: libnn's layers "
                "take flat rows (reshape images to n x pixels)" % (where, shape))
        if input_dim is not None and input_dim != shape[0]:
            raise InvalidArgumentError("%s: input_dim %r and input_shape %r "
                                       "disagree" % (where, input_dim, shape))
        input_dim = shape[0]
    if input_dim is not None:
        if (not isinstance(input_dim, numbers.Integral) or isinstance(input_dim, bool)
                or input_dim < 1):
            raise InvalidArgumentError("%s: input width must be a positive "
                                       "integer, got %r" % (where, input_dim))
        input_dim = int(input_dim)
    return input_dim


class Layer:
    """A layer of a Sequential model. Once added to a model, get_weights()
    and set_weights() read and write that model's parameters."""

    _base_name = "layer"

    def __init__(self, name=None):
        self.name = name if name is not None else _auto_name(self._base_name)
        self._model = None
        self._index = None

    # set by Sequential.add
    def _bind(self, model, index):
        if self._model is not None and self._model is not model:
            raise StateError("layer %r already belongs to another model"
                             % self.name)
        self._model, self._index = model, index

    @property
    def built(self):
        return self._model is not None and self._model.built

    @property
    def trainable_weights(self):
        return self.get_weights()

    def get_weights(self):
        return []

    def set_weights(self, weights):
        if list(weights):
            raise InvalidArgumentError("layer %r has no weights" % self.name)

    def count_params(self):
        return 0

    def __repr__(self):
        return "<%s %s>" % (type(self).__name__, self.get_config())


class Dense(Layer):
    """A fully connected layer, a = activation(x W + b), W in x units.

    activation: None or "linear", "relu", "sigmoid", "tanh", "softmax",
    "leaky_relu", "elu", "gelu", "softplus", "sin", "gaussian".
    The first layer may give the input width (input_dim=784 or
    input_shape=(784,)) instead of Sequential(input_dim=...)."""

    _base_name = "dense"

    def __init__(self, units, activation=None, input_dim=None, input_shape=None,
                 name=None):
        if (not isinstance(units, numbers.Integral) or isinstance(units, bool)
                or units < 1):
            raise InvalidArgumentError("Dense: units must be a positive integer,"
                                       " got %r" % (units,))
        act = "linear" if activation is None else activation
        if act not in ACTIVATIONS:
            raise InvalidArgumentError(
                "Dense: unknown activation %r; libnn has %s"
                % (activation, ", ".join(sorted(ACTIVATIONS))))
        self.units = int(units)
        self.activation = act
        self.input_dim = _input_width(input_dim, input_shape, "Dense")
        super().__init__(name)

    def get_config(self):
        return {"name": self.name, "units": self.units,
                "activation": self.activation}

    def get_weights(self):
        """[kernel (in x units), bias (units)] as NumPy arrays."""
        if self._model is None:
            raise StateError("layer %r is not part of a model yet" % self.name)
        return list(self._model._layer_weights(self._index))

    def set_weights(self, weights):
        if self._model is None:
            raise StateError("layer %r is not part of a model yet" % self.name)
        self._model._set_layer_weights(self._index, weights)

    @property
    def kernel(self):
        return self.get_weights()[0]

    @property
    def bias(self):
        return self.get_weights()[1]

    @property
    def input_width(self):
        return self._model._layer_input_width(self._index) if self._model else self.input_dim

    def count_params(self):
        width = self.input_width
        if width is None:
            raise StateError("layer %r does not know its input width yet"
                             % self.name)
        return (width + 1) * self.units


class Dropout(Layer):
    """Inverted dropout: during fit each input is zeroed with probability
    ``rate`` and the survivors scaled by 1/(1-rate); the identity otherwise."""

    _base_name = "dropout"

    def __init__(self, rate, name=None):
        if not isinstance(rate, numbers.Real) or not 0.0 <= rate < 1.0:
            raise InvalidArgumentError("Dropout: rate must be in [0, 1), got %r"
                                       % (rate,))
        self.rate = float(rate)
        super().__init__(name)

    def get_config(self):
        return {"name": self.name, "rate": self.rate}


class Input:
    """Input(shape=(784,)) as the first entry of Sequential([...]) gives the
    model's input width, as in Keras."""

    def __init__(self, shape=None, name=None):
        self.shape = (_input_width(None, shape, "Input"),)
        self.name = name

    def __repr__(self):
        return "<Input shape=(None, %d)>" % self.shape[0]
