//! Three-vectors as `[f64; 3]`: the per-sample device-frame vectors of the
//! analysis (kept as plain arrays so signals stay `Vec<[f64; 3]>`).

/// Dot product.
pub fn dot(a: [f64; 3], b: [f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

/// Cross product `a × b`.
pub fn cross(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

/// `v / |v|`; `None` for a zero or non-finite vector.
pub fn unit(v: [f64; 3]) -> Option<[f64; 3]> {
    let n = dot(v, v).sqrt();
    (n > 1e-12 && n.is_finite()).then(|| [v[0] / n, v[1] / n, v[2] / n])
}

/// `a + w·b`.
pub fn add_scaled(a: [f64; 3], b: [f64; 3], w: f64) -> [f64; 3] {
    [a[0] + w * b[0], a[1] + w * b[1], a[2] + w * b[2]]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_handed() {
        assert_eq!(cross([1.0, 0.0, 0.0], [0.0, 1.0, 0.0]), [0.0, 0.0, 1.0]);
        assert_eq!(dot([1.0, 2.0, 3.0], [4.0, -5.0, 6.0]), 12.0);
        assert_eq!(unit([0.0, 3.0, 4.0]), Some([0.0, 0.6, 0.8]));
        assert_eq!(unit([0.0; 3]), None);
        assert_eq!(
            add_scaled([1.0, 1.0, 1.0], [1.0, 2.0, 3.0], 2.0),
            [3.0, 5.0, 7.0]
        );
    }
}
