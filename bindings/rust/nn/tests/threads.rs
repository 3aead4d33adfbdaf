mod common;

use common::{xor_model, XOR_X, XOR_Y};
use nn::{Activation, FitOptions, Model, SharedModel};

fn assert_send<T: Send>() {}
fn assert_sync<T: Sync>() {}

#[test]
fn models_move_between_threads_and_shared_ones_are_read_concurrently() {
    assert_send::<Model>();
    assert_send::<SharedModel>();
    assert_sync::<SharedModel>();
    assert_sync::<nn::Dataset>();

    // A model trained on another thread.
    let m = std::thread::spawn(|| {
        let mut m = xor_model();
        m.fit(&XOR_X, &XOR_Y, 300, 4, &FitOptions::default()).unwrap();
        m
    })
    .join()
    .unwrap();
    let want = m.predict(&XOR_X).unwrap();

    // An uncompiled model: into_shared creates its weights first.
    let fresh = Model::new(2)
        .unwrap()
        .dense(3, Activation::Relu)
        .unwrap()
        .into_shared()
        .unwrap();
    let fresh_want = fresh.predict(&XOR_X).unwrap();

    let shared = m.into_shared().unwrap();
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..50 {
                    assert_eq!(shared.predict(&XOR_X).unwrap(), want);
                    assert_eq!(fresh.predict(&XOR_X).unwrap(), fresh_want);
                    assert!(shared.evaluate(&XOR_X, &XOR_Y).unwrap().accuracy >= 0.0);
                }
            });
        }
    });
    let mut back = shared.into_inner();
    back.fit(&XOR_X, &XOR_Y, 1, 4, &FitOptions::default()).unwrap();

    let e = Model::new(2).unwrap().into_shared().unwrap_err();
    assert_eq!(e.status(), nn::Status::State);
}
