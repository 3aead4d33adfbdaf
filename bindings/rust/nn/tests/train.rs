mod common;

use common::{xor_model, XOR_X, XOR_Y};
use nn::{Callbacks, Control, FitOptions, Metric, Status};

#[test]
fn xor_trains_to_full_accuracy() {
    let mut m = xor_model();
    m.fit(&XOR_X, &XOR_Y, 500, 4, &FitOptions::default()).unwrap();
    let e = m.evaluate(&XOR_X, &XOR_Y).unwrap();
    assert_eq!(e.accuracy, 1.0, "loss {}", e.loss);
    let p = m.predict(&XOR_X).unwrap();
    assert_eq!(p.len(), 4);
    for (out, want) in p.iter().zip(XOR_Y.iter()) {
        assert!((out - want).abs() < 0.5, "{:?}", p);
    }
    let h = m.history().unwrap();
    assert_eq!(h.len(), 500);
    assert_eq!(m.epochs_done(), 500);
    assert!(h[499].loss < h[0].loss);
    assert!(h[0].val_loss.is_nan());
    assert_eq!(m.history_get(499, Metric::Accuracy).unwrap(), h[499].accuracy);
}

#[test]
fn defaults_come_from_the_library() {
    let o = FitOptions::default();
    assert!(o.shuffle);
    assert_eq!(o.monitor, Metric::ValLoss);
    assert_eq!(o.checkpoint_period, 1);
    assert_eq!((o.patience, o.resume, o.verbose), (0, false, false));
}

#[test]
fn closures_see_every_batch_and_epoch_and_can_stop() {
    let mut m = xor_model();
    let mut batches = 0;
    let mut epochs = Vec::new();
    let mut cb = Callbacks::new()
        .on_batch(|p| {
            assert_eq!(p.batches, 2);
            batches += 1;
            Control::Continue
        })
        .on_epoch(|l| {
            epochs.push(l.epoch);
            if l.epoch == 4 {
                Control::Stop
            } else {
                Control::Continue
            }
        });
    m.fit_with(&XOR_X, &XOR_Y, 100, 2, &FitOptions::default(), &mut cb)
        .unwrap();
    drop(cb);
    assert_eq!(epochs, vec![0, 1, 2, 3, 4]);
    assert_eq!(batches, 10);
    assert_eq!(m.history_len(), 5);

    let mut cb = Callbacks::new().on_batch(|p| if p.batch == 1 { Control::Stop } else { Control::Continue });
    let e = m
        .fit_with(&XOR_X, &XOR_Y, 10, 2, &FitOptions::default(), &mut cb)
        .unwrap_err();
    assert_eq!(e.status(), Status::Cancelled);
    assert!(e.message().contains("cancelled"), "{}", e);
}

#[test]
fn a_panicking_closure_cancels_and_the_panic_reaches_the_caller() {
    let mut m = xor_model();
    let mut calls = 0;
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut cb = Callbacks::new().on_batch(|p| {
            calls += 1;
            if p.epoch == 2 {
                panic!("boom at epoch {}", p.epoch);
            }
            Control::Continue
        });
        let _ = m.fit_with(&XOR_X, &XOR_Y, 10, 4, &FitOptions::default(), &mut cb);
    }));
    let payload = r.unwrap_err();
    assert_eq!(
        payload.downcast_ref::<String>().map(String::as_str),
        Some("boom at epoch 2")
    );
    assert_eq!(calls, 3, "no closure runs after the panic");
    // The model is intact and usable.
    m.fit(&XOR_X, &XOR_Y, 1, 4, &FitOptions::default()).unwrap();
}

#[test]
fn validation_data_and_early_stopping() {
    let mut m = xor_model();
    let opts = FitOptions {
        validation_data: Some((&XOR_X, &XOR_Y)),
        patience: 2,
        min_delta: 10.0, // nothing improves that much: stops after 1 + 2
        ..FitOptions::default()
    };
    m.fit(&XOR_X, &XOR_Y, 50, 4, &opts).unwrap();
    assert_eq!(m.history_len(), 3);
    assert!(!m.history().unwrap()[0].val_loss.is_nan());
}
