mod common;

use common::temp_dir;
use nn::{Activation, Dataset, DatasetFlags, FitOptions, LabelColumn, Loss, Model, Optimizer, Status};

#[test]
fn csv_loads_with_header_and_labels() {
    let dir = temp_dir("csv");
    let path = dir.join("data.csv");
    std::fs::write(&path, "a,b,label\n1,2,0\n3,4,1\n5,6,2\n").unwrap();

    let d = Dataset::load_csv(&path, LabelColumn::Last, DatasetFlags::DEFAULT).unwrap();
    assert_eq!((d.rows(), d.cols(), d.classes()), (3, 2, 3));
    assert_eq!(d.x(), &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    assert_eq!(d.y(), Some(&[0.0, 1.0, 2.0][..]));

    let mut n = Dataset::load_csv(&path, LabelColumn::Index(2), DatasetFlags::NORMALIZE).unwrap();
    assert_eq!(n.x(), &[0.0, 0.0, 0.5, 0.5, 1.0, 1.0]);
    let r = n.normalize().unwrap();
    assert_eq!(r.mins, vec![0.0, 0.0]);

    let mut raw = Dataset::load_csv(&path, LabelColumn::Last, DatasetFlags::default()).unwrap();
    let ranges = raw.normalize().unwrap();
    assert_eq!(
        (ranges.mins.clone(), ranges.maxs.clone()),
        (vec![1.0, 2.0], vec![5.0, 6.0])
    );
    let mut other = Dataset::load_csv(&path, LabelColumn::Last, DatasetFlags::default()).unwrap();
    other.apply_range(&ranges).unwrap();
    assert_eq!(other.x(), raw.x());

    let all = Dataset::load_csv(&path, LabelColumn::NoLabel, DatasetFlags::CSV_HEADER).unwrap();
    assert_eq!((all.cols(), all.y()), (3, None));

    // The loaded data trains a model directly.
    let mut m = Model::new(2).unwrap().dense(3, Activation::Softmax).unwrap();
    m.compile(Optimizer::Adam, Loss::SparseCategoricalCrossentropy, 0.0)
        .unwrap();
    m.fit(d.x(), d.y().unwrap(), 2, 3, &FitOptions::default()).unwrap();

    std::fs::write(&path, "1,2\n3\n").unwrap();
    let e = Dataset::load_csv(&path, LabelColumn::Last, DatasetFlags::default()).unwrap_err();
    assert_eq!(e.status(), Status::Format);
    assert!(e.message().contains("data.csv:2:"), "{}", e);
    std::fs::remove_dir_all(&dir).unwrap();
}

fn idx(dims: &[u32], data: &[u8]) -> Vec<u8> {
    let mut v = vec![0, 0, 0x08, dims.len() as u8]; // unsigned bytes
    for d in dims {
        v.extend_from_slice(&d.to_be_bytes());
    }
    v.extend_from_slice(data);
    v
}

#[test]
fn idx_loads_images_and_labels() {
    let dir = temp_dir("idx");
    let images = dir.join("images.idx");
    let labels = dir.join("labels.idx");
    std::fs::write(&images, idx(&[3, 2, 2], &[0, 255, 51, 102, 1, 2, 3, 4, 5, 6, 7, 8])).unwrap();
    std::fs::write(&labels, idx(&[3], &[7, 0, 9])).unwrap();

    let d = Dataset::load_idx(&images, Some(&labels), DatasetFlags::NORMALIZE).unwrap();
    assert_eq!((d.rows(), d.cols(), d.classes()), (3, 4, 10));
    for (got, want) in d.x()[..4].iter().zip([0.0, 1.0, 0.2, 0.4]) {
        assert!((got - want).abs() < 1e-6, "{:?}", d.x());
    }
    assert_eq!(d.y().unwrap(), &[7.0, 0.0, 9.0]);

    let u = Dataset::load_idx(&images, None, DatasetFlags::DEFAULT).unwrap();
    assert_eq!((u.y(), u.x()[1]), (None, 255.0));

    std::fs::write(&labels, idx(&[2], &[1, 2])).unwrap();
    let e = Dataset::load_idx(&images, Some(&labels), DatasetFlags::DEFAULT).unwrap_err();
    assert_eq!(e.status(), Status::Format, "{}", e);
    let e = Dataset::load_idx(dir.join("none"), None, DatasetFlags::DEFAULT).unwrap_err();
    assert_eq!(e.status(), Status::Io);
    std::fs::remove_dir_all(&dir).unwrap();
}
