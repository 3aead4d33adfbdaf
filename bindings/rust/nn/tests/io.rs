mod common;

use common::{temp_dir, xor_model, XOR_X, XOR_Y};
use nn::{Activation, FitOptions, LayerKind, Loss, Model, Optimizer, Status};

#[test]
fn save_and_load_round_trip() {
    let dir = temp_dir("io");
    let path = dir.join("xor.nn");
    let mut m = xor_model();
    m.fit(&XOR_X, &XOR_Y, 50, 4, &FitOptions::default()).unwrap();
    m.set_metadata("dataset", "xor").unwrap();
    m.set_metadata("note", "héllo").unwrap();
    m.save(&path).unwrap();

    let l = Model::load(&path).unwrap();
    assert_eq!(l.predict(&XOR_X).unwrap(), m.predict(&XOR_X).unwrap());
    assert_eq!(
        l.compile_settings().unwrap(),
        (Optimizer::Adam, Loss::BinaryCrossentropy)
    );
    // NaN != NaN: compare the printed records (val_* are NaN).
    assert_eq!(
        format!("{:?}", l.history().unwrap()),
        format!("{:?}", m.history().unwrap())
    );
    assert_eq!(l.epochs_done(), 50);
    assert_eq!(l.metadata("dataset").unwrap().as_deref(), Some("xor"));
    assert_eq!(l.metadata("missing").unwrap(), None);
    assert_eq!(
        l.metadata_entries().unwrap(),
        vec![
            ("dataset".to_string(), "xor".to_string()),
            ("note".to_string(), "héllo".to_string())
        ]
    );
    for layer in 0..2 {
        assert_eq!(l.weights(layer).unwrap(), m.weights(layer).unwrap());
    }

    let bytes = m.to_bytes().unwrap();
    assert_eq!(bytes, std::fs::read(&path).unwrap());
    let b = Model::from_bytes(&bytes).unwrap();
    assert_eq!(b.predict(&XOR_X).unwrap(), m.predict(&XOR_X).unwrap());

    let e = Model::load(dir.join("absent.nn")).unwrap_err();
    assert_eq!(e.status(), Status::Io);
    let e = Model::from_bytes(b"not a model").unwrap_err();
    assert_eq!(e.status(), Status::Format);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn weights_shapes_and_inspection() {
    let mut m = Model::new(3)
        .unwrap()
        .dense(4, Activation::Relu)
        .unwrap()
        .dropout(0.25)
        .unwrap()
        .dense(2, Activation::Softmax)
        .unwrap();
    assert_eq!((m.input_dim(), m.output_dim(), m.layer_count()), (3, 2, 3));
    assert_eq!(m.param_count(), 3 * 4 + 4 + 4 * 2 + 2);
    assert_eq!(m.layer_kind(1).unwrap(), LayerKind::Dropout);
    assert_eq!(m.layer_dropout_rate(1).unwrap(), 0.25);
    assert_eq!(m.layer_activation(2).unwrap(), Activation::Softmax);
    assert_eq!(m.layer_units(1).unwrap(), 4);

    let (k, b) = m.weights(2).unwrap();
    assert_eq!((k.len(), b.len()), (8, 2));
    let kernel: Vec<f32> = (0..8).map(|i| i as f32 / 10.0).collect();
    m.set_weights(2, Some(&kernel), Some(&[1.0, -1.0])).unwrap();
    assert_eq!(m.weights(2).unwrap(), (kernel, vec![1.0, -1.0]));
    let e = m.weights(1).unwrap_err();
    assert_eq!(e.status(), Status::InvalidArg);
    let e = m.set_weights(0, Some(&[f32::INFINITY; 12]), None).unwrap_err();
    assert_eq!(e.status(), Status::Numeric);

    let c = m.try_clone().unwrap();
    assert_eq!(c.weights(2).unwrap(), m.weights(2).unwrap());
    m.remove_metadata("nothing").unwrap();
    assert_eq!(m.metadata_count(), 0);
}

#[test]
fn checkpoint_and_resume() {
    let dir = temp_dir("resume");
    let ckpt = dir.join("ckpt.nn");
    let opts = FitOptions {
        checkpoint_path: Some(ckpt.clone()),
        shuffle: false,
        ..Default::default()
    };
    let mut whole = xor_model();
    whole.fit(&XOR_X, &XOR_Y, 20, 2, &opts).unwrap();

    let mut first = xor_model();
    first.fit(&XOR_X, &XOR_Y, 8, 2, &opts).unwrap();
    let mut second = Model::load(&ckpt).unwrap();
    let resume = FitOptions {
        resume: true,
        shuffle: false,
        ..Default::default()
    };
    second.fit(&XOR_X, &XOR_Y, 12, 2, &resume).unwrap();
    assert_eq!(second.epochs_done(), 20);
    assert_eq!(second.weights(0).unwrap(), whole.weights(0).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}
