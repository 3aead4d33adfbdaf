// Shared by the integration tests (each has `mod common;`); a directory
// module, so cargo does not build it as a test of its own.
#![allow(dead_code)]

use std::path::PathBuf;

pub const XOR_X: [f32; 8] = [0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0];
pub const XOR_Y: [f32; 4] = [0.0, 1.0, 1.0, 0.0];

/// 2 -> 8 tanh -> 1 sigmoid, Adam, binary cross-entropy.
pub fn xor_model() -> nn::Model {
    let mut m = nn::Model::new(2)
        .and_then(|m| m.seed(42))
        .and_then(|m| m.dense(8, nn::Activation::Tanh))
        .and_then(|m| m.dense(1, nn::Activation::Sigmoid))
        .expect("build the XOR model");
    m.compile(nn::Optimizer::Adam, nn::Loss::BinaryCrossentropy, 0.05)
        .expect("compile");
    m
}

/// A fresh directory under the system's temporary directory.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nn-rust-{}-{}", name, std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a temporary directory");
    dir
}
