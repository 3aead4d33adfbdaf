use nn_sys as sys;

macro_rules! c_enum {
    (
        $(#[$meta:meta])*
        $name:ident: $raw:ident {
            $($(#[$vmeta:meta])* $variant:ident = $c:ident,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant = sys::$c as isize,)*
        }

        impl $name {
            /// Every value, in the order of the C enumeration.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The C value.
            pub fn to_raw(self) -> sys::$raw {
                match self {
                    $($name::$variant => sys::$c,)*
                }
            }

            /// The value of a C value; `None` for one this crate does not
            /// know.
            pub fn from_raw(raw: sys::$raw) -> Option<$name> {
                match raw {
                    $(sys::$c => Some($name::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

c_enum! {
    /// Activation of a dense layer (`nn_activation`).
    Activation: nn_activation {
        /// f(z) = z
        Linear = NN_ACT_LINEAR,
        /// max(0, z)
        Relu = NN_ACT_RELU,
        /// 1 / (1 + exp(-z))
        Sigmoid = NN_ACT_SIGMOID,
        /// tanh(z)
        Tanh = NN_ACT_TANH,
        /// exp(z_i) / sum_j exp(z_j), per row
        Softmax = NN_ACT_SOFTMAX,
        /// z if z > 0 else slope z ([`Param::LeakySlope`])
        LeakyRelu = NN_ACT_LEAKY_RELU,
        /// z if z > 0 else alpha (exp(z) - 1) ([`Param::EluAlpha`])
        Elu = NN_ACT_ELU,
        /// z Phi(z), the exact form
        Gelu = NN_ACT_GELU,
        /// log(1 + exp(z))
        Softplus = NN_ACT_SOFTPLUS,
        /// sin(z)
        Sin = NN_ACT_SIN,
        /// exp(-z^2)
        Gaussian = NN_ACT_GAUSSIAN,
    }
}

c_enum! {
    /// Optimizer (`nn_optimizer`).
    Optimizer: nn_optimizer {
        /// SGD, with optional (Nesterov) momentum; default lr 0.01.
        Sgd = NN_OPT_SGD,
        /// Adam; default lr 1e-3.
        Adam = NN_OPT_ADAM,
        /// RMSprop; default lr 1e-3.
        RmsProp = NN_OPT_RMSPROP,
        /// Adam with decoupled weight decay.
        AdamW = NN_OPT_ADAMW,
    }
}

c_enum! {
    /// Loss (`nn_loss`).
    Loss: nn_loss {
        /// Mean squared error.
        Mse = NN_LOSS_MSE,
        /// Mean absolute error.
        Mae = NN_LOSS_MAE,
        /// Needs a sigmoid last layer; labels in [0, 1].
        BinaryCrossentropy = NN_LOSS_BINARY_CROSSENTROPY,
        /// Needs a softmax last layer; y is n x classes.
        CategoricalCrossentropy = NN_LOSS_CATEGORICAL_CROSSENTROPY,
        /// Needs a softmax last layer; y is n class indices as floats.
        SparseCategoricalCrossentropy = NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY,
    }
}

c_enum! {
    /// Kind of layer (`nn_layer_kind`).
    LayerKind: nn_layer_kind {
        /// A dense layer.
        Dense = NN_LAYER_DENSE,
        /// An inverted dropout layer.
        Dropout = NN_LAYER_DROPOUT,
    }
}

c_enum! {
    /// Metric of the training history (`nn_metric`).
    Metric: nn_metric {
        /// Training loss.
        Loss = NN_METRIC_LOSS,
        /// Training accuracy (NaN for MSE/MAE).
        Accuracy = NN_METRIC_ACCURACY,
        /// Validation loss.
        ValLoss = NN_METRIC_VAL_LOSS,
        /// Validation accuracy.
        ValAccuracy = NN_METRIC_VAL_ACCURACY,
    }
}

c_enum! {
    /// Hyper-parameter (`nn_param`); bounds from [`param_bounds`](crate::param_bounds).
    Param: nn_param {
        /// > 0; set by compile.
        LearningRate = NN_PARAM_LEARNING_RATE,
        /// SGD momentum in [0, 1).
        Momentum = NN_PARAM_MOMENTUM,
        /// SGD Nesterov flag, 0 or 1.
        Nesterov = NN_PARAM_NESTEROV,
        /// Adam b1 in [0, 1).
        Beta1 = NN_PARAM_BETA1,
        /// Adam b2 in [0, 1).
        Beta2 = NN_PARAM_BETA2,
        /// Adam/RMSprop epsilon in (0, 1].
        Epsilon = NN_PARAM_EPSILON,
        /// RMSprop rho in [0, 1).
        Rho = NN_PARAM_RHO,
        /// Weight decay, >= 0.
        WeightDecay = NN_PARAM_WEIGHT_DECAY,
        /// Global gradient-norm clipping, >= 0 (0 = off).
        ClipNorm = NN_PARAM_CLIP_NORM,
        /// Leaky-ReLU slope in [0, 1].
        LeakySlope = NN_PARAM_LEAKY_SLOPE,
        /// ELU alpha in [0, 100].
        EluAlpha = NN_PARAM_ELU_ALPHA,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_c_value_has_a_variant() {
        assert_eq!(Activation::ALL.len(), sys::NN_ACT_COUNT as usize);
        assert_eq!(Optimizer::ALL.len(), sys::NN_OPT_COUNT as usize);
        assert_eq!(Loss::ALL.len(), sys::NN_LOSS_COUNT as usize);
        assert_eq!(Metric::ALL.len(), sys::NN_METRIC_COUNT as usize);
        assert_eq!(Param::ALL.len(), sys::NN_PARAM_COUNT as usize);
        for (i, a) in Activation::ALL.iter().enumerate() {
            assert_eq!(a.to_raw() as usize, i);
            assert_eq!(Activation::from_raw(a.to_raw()), Some(*a));
            assert_eq!(*a as isize, i as isize);
        }
        assert_eq!(Param::from_raw(sys::NN_PARAM_COUNT), None);
    }
}
