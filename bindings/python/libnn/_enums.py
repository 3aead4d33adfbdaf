"""The enumerations of nn.h under Keras' names. The test suite parses nn.h
and checks every value here against it (the C names are derived by the
rule next to each table)."""

# NN_ACT_<NAME.upper()>
ACTIVATIONS = {
    "linear": 0, "relu": 1, "sigmoid": 2, "tanh": 3, "softmax": 4,
    "leaky_relu": 5, "elu": 6, "gelu": 7, "softplus": 8, "sin": 9,
    "gaussian": 10,
}
ACTIVATION_NAMES = {v: k for k, v in ACTIVATIONS.items()}

# NN_OPT_<NAME.upper()>
OPTIMIZERS = {"sgd": 0, "adam": 1, "rmsprop": 2, "adamw": 3}

# NN_LOSS_<NAME.upper()>
LOSSES = {
    "mse": 0, "mae": 1, "binary_crossentropy": 2,
    "categorical_crossentropy": 3, "sparse_categorical_crossentropy": 4,
}
LOSS_NAMES = {v: k for k, v in LOSSES.items()}
LOSS_ALIASES = {
    "mean_squared_error": "mse", "mean_absolute_error": "mae",
}
CROSS_ENTROPY = frozenset((2, 3, 4))

# NN_LAYER_<NAME.upper()>
LAYER_KINDS = {"dense": 0, "dropout": 1}

# NN_METRIC_<NAME.upper()>
METRICS = {"loss": 0, "accuracy": 1, "val_loss": 2, "val_accuracy": 3}

# Keras' argument name -> nn_param enumerator
PARAM_ENUMS = {
    "learning_rate": "NN_PARAM_LEARNING_RATE",
    "momentum": "NN_PARAM_MOMENTUM",
    "nesterov": "NN_PARAM_NESTEROV",
    "beta_1": "NN_PARAM_BETA1",
    "beta_2": "NN_PARAM_BETA2",
    "epsilon": "NN_PARAM_EPSILON",
    "rho": "NN_PARAM_RHO",
    "weight_decay": "NN_PARAM_WEIGHT_DECAY",
    "global_clipnorm": "NN_PARAM_CLIP_NORM",
    "leaky_slope": "NN_PARAM_LEAKY_SLOPE",
    "elu_alpha": "NN_PARAM_ELU_ALPHA",
}
PARAMS = {
    "learning_rate": 0, "momentum": 1, "nesterov": 2, "beta_1": 3,
    "beta_2": 4, "epsilon": 5, "rho": 6, "weight_decay": 7,
    "global_clipnorm": 8, "leaky_slope": 9, "elu_alpha": 10,
}

# nn_dataset_flags: NN_DATASET_<NAME>
DATASET_FLAGS = {"DEFAULT": 0, "NORMALIZE": 1, "CSV_HEADER": 2,
                 "CSV_NO_HEADER": 4}
CSV_LABEL_LAST = -1   # NN_CSV_LABEL_LAST
CSV_NO_LABEL = -2     # NN_CSV_NO_LABEL

# the *_COUNT macros
COUNTS = {"NN_ACT_COUNT": len(ACTIVATIONS), "NN_OPT_COUNT": len(OPTIMIZERS),
          "NN_LOSS_COUNT": len(LOSSES), "NN_METRIC_COUNT": len(METRICS),
          "NN_PARAM_COUNT": len(PARAMS)}
