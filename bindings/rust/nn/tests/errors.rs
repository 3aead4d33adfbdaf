mod common;

use common::{xor_model, XOR_X};
use nn::{Activation, FitOptions, Loss, Model, Optimizer, Param, Status};

fn classifier() -> Model {
    let mut m = Model::new(2).unwrap().dense(3, Activation::Softmax).unwrap();
    m.compile(Optimizer::Sgd, Loss::SparseCategoricalCrossentropy, 0.0)
        .unwrap();
    m
}

#[test]
fn sparse_label_out_of_range_names_the_row() {
    let mut m = classifier();
    let y = [0.0, 1.0, 5.0, 2.0];
    let e = m.fit(&XOR_X, &y, 1, 4, &FitOptions::default()).unwrap_err();
    assert_eq!(e.status(), Status::InvalidArg);
    assert_eq!(e.code(), nn::sys::NN_ERR_INVALID_ARG);
    assert_eq!(e.status_name(), "NN_ERR_INVALID_ARG");
    assert!(e.message().starts_with("nn_fit:"), "{}", e);
    assert!(e.message().contains("row 2"), "{}", e);
    assert_eq!(e.to_string(), e.message());
}

#[test]
fn library_errors_carry_status_and_message() {
    let e = Model::new(0).unwrap_err();
    assert_eq!(e.status(), Status::InvalidArg);
    assert!(e.message().contains("nn_model_create"), "{}", e);

    let mut m = Model::new(2).unwrap().dense(1, Activation::Relu).unwrap();
    let e = m.compile(Optimizer::Adam, Loss::BinaryCrossentropy, 0.0).unwrap_err();
    assert_eq!(e.status(), Status::Unsupported, "{}", e);

    let e = m.set_param(Param::Momentum, 1.5).unwrap_err();
    assert_eq!(e.status(), Status::InvalidArg);

    let e = m.fit(&XOR_X, &[0.0; 4], 1, 1, &FitOptions::default()).unwrap_err();
    assert_eq!(e.status(), Status::State);

    let e = m.layer_units(7).unwrap_err();
    assert!(e.message().contains("out of range"), "{}", e);

    let e = m.predict(&[f32::NAN, 0.0]).map(|p| p[0].is_nan());
    assert_eq!(e, Ok(true));
}

#[test]
fn slice_lengths_are_checked_before_calling_c() {
    let mut m = xor_model();
    let e = m.predict(&[1.0, 2.0, 3.0]).unwrap_err();
    assert_eq!(e.status(), Status::InvalidArg);
    assert!(e.message().contains("nn_predict: x has 3 floats"), "{}", e);
    let e = m.fit(&XOR_X, &[0.0; 3], 1, 1, &FitOptions::default()).unwrap_err();
    assert!(e.message().contains("nn_fit: y has 3 floats"), "{}", e);
    let mut out = [0.0; 3];
    assert!(m.predict_into(&XOR_X, &mut out).is_err());
    let e = m.set_weights(0, Some(&[0.0; 3]), None).unwrap_err();
    assert!(e.message().contains("kernel"), "{}", e);
    // n == 0 reaches the library, which names it.
    let e = m.predict(&[]).unwrap_err();
    assert!(e.message().contains("n is 0"), "{}", e);
    let e = m.set_metadata("a\0b", "c").unwrap_err();
    assert!(e.message().contains("NUL"), "{}", e);
}

#[test]
fn enums_and_bounds_match_the_library() {
    for p in Param::ALL {
        let (lo, hi) = nn::param_bounds(*p).unwrap();
        assert!(lo <= hi, "{:?}", p);
    }
    assert_eq!(nn::version_number(), nn::sys::NN_VERSION_NUMBER);
    assert_eq!(nn::version_string(), nn::sys::NN_VERSION_STRING);
    assert!(nn::num_threads() >= 1);
}
