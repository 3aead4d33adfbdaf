//! Trains XOR and prints the predictions: `cargo run --example xor`.
use nn::{Activation, FitOptions, Loss, Model, Optimizer};

fn main() -> nn::Result<()> {
    let x = [0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0];
    let y = [0.0, 1.0, 1.0, 0.0];
    let mut m = Model::new(2)?
        .seed(42)?
        .dense(8, Activation::Tanh)?
        .dense(1, Activation::Sigmoid)?;
    m.compile(Optimizer::Adam, Loss::BinaryCrossentropy, 0.05)?;
    m.fit(&x, &y, 500, 4, &FitOptions::default())?;
    println!("libnn {}: {:?}", nn::version_string(), m.predict(&x)?);
    Ok(())
}
