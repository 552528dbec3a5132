//! Derivation cost against the floor the algorithm cannot go below.
//!
//! `sha256_limit` runs the 20 SHA-256 block compressions a derivation needs (5 HMACs x 4 blocks:
//! inner key block, inner message block, outer key block, outer digest block) with the same `sha2`
//! crate, so `derive / sha256_limit` is the overhead of everything else. `hmac_chain` is the same
//! five HMACs through the `hmac` crate alone, with no seskey code: it splits that overhead into
//! the crate's share and ours.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};
use seskey::derive::{Deriver, smtp_password};
use seskey::region::catalogue;
use sha2::Sha256;
use sha2::block_api::compress256;

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

fn benches(c: &mut Criterion) {
    c.bench_function("derive", |b| {
        b.iter(|| smtp_password(black_box(SECRET), black_box("eu-west-1")))
    });
    c.bench_function("derive_all_regions", |b| {
        b.iter(|| {
            let d = Deriver::new(black_box(SECRET));
            for r in catalogue() {
                black_box(d.password(r.code));
            }
        })
    });
    c.bench_function("hmac_chain", |b| {
        b.iter(|| {
            let mut k = hmac(
                black_box(b"AWS4wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                b"11111111",
            );
            for part in [
                b"eu-west-1".as_slice(),
                b"ses",
                b"aws4_request",
                b"SendRawEmail",
            ] {
                k = hmac(&k, part);
            }
            k
        })
    });
    let blocks = [[0x5au8; 64]; 20];
    c.bench_function("sha256_limit", |b| {
        b.iter(|| {
            let mut state = [0u32; 8];
            compress256(&mut state, black_box(&blocks));
            black_box(state)
        })
    });
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("any key length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

criterion_group!(group, benches);
criterion_main!(group);
