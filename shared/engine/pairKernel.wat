;; Dense dot products of pairSums.ts in WebAssembly SIMD: two float64 lanes per instruction, no
;; bounds checks (4-5 times the JavaScript loop's multiply-adds per second on this machine).
;; Offsets are in bytes into the imported memory; each function writes its sums at $out, row by
;; row. The two lanes sum the even and the odd terms apart and are added at the end: exact
;; whenever the caller's bound holds (every partial sum an integer below 2^53).
;; Compiled by scripts/build-wasm.mjs into pairKernelBytes.ts.
(module
  (import "env" "memory" (memory 1))
  ;; Rows u0 and u1 against columns g0..g3: eight sums.
  (func (export "two") (param $u0 i32) (param $u1 i32) (param $g0 i32) (param $g1 i32) (param $g2 i32) (param $g3 i32) (param $len i32) (param $out i32)
    (local $i i32) (local $end i32) (local $xu0 v128) (local $xu1 v128) (local $xg0 v128) (local $xg1 v128) (local $xg2 v128) (local $xg3 v128)
    (local $s00 v128) (local $s01 v128) (local $s02 v128) (local $s03 v128) (local $s10 v128) (local $s11 v128) (local $s12 v128) (local $s13 v128)
    (local.set $end (i32.shl (i32.and (local.get $len) (i32.const -2)) (i32.const 3)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $xu0 (v128.load (i32.add (local.get $u0) (local.get $i))))
        (local.set $xu1 (v128.load (i32.add (local.get $u1) (local.get $i))))
        (local.set $xg0 (v128.load (i32.add (local.get $g0) (local.get $i))))
        (local.set $xg1 (v128.load (i32.add (local.get $g1) (local.get $i))))
        (local.set $xg2 (v128.load (i32.add (local.get $g2) (local.get $i))))
        (local.set $xg3 (v128.load (i32.add (local.get $g3) (local.get $i))))
        (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $xu0) (local.get $xg0))))
        (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $xu0) (local.get $xg1))))
        (local.set $s02 (f64x2.add (local.get $s02) (f64x2.mul (local.get $xu0) (local.get $xg2))))
        (local.set $s03 (f64x2.add (local.get $s03) (f64x2.mul (local.get $xu0) (local.get $xg3))))
        (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $xu1) (local.get $xg0))))
        (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $xu1) (local.get $xg1))))
        (local.set $s12 (f64x2.add (local.get $s12) (f64x2.mul (local.get $xu1) (local.get $xg2))))
        (local.set $s13 (f64x2.add (local.get $s13) (f64x2.mul (local.get $xu1) (local.get $xg3))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
    ;; An odd last term: loaded into lane 0, lane 1 zero.
    (if (i32.and (local.get $len) (i32.const 1))
      (then
        (local.set $xu0 (v128.load64_zero (i32.add (local.get $u0) (local.get $i))))
        (local.set $xu1 (v128.load64_zero (i32.add (local.get $u1) (local.get $i))))
        (local.set $xg0 (v128.load64_zero (i32.add (local.get $g0) (local.get $i))))
        (local.set $xg1 (v128.load64_zero (i32.add (local.get $g1) (local.get $i))))
        (local.set $xg2 (v128.load64_zero (i32.add (local.get $g2) (local.get $i))))
        (local.set $xg3 (v128.load64_zero (i32.add (local.get $g3) (local.get $i))))
        (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $xu0) (local.get $xg0))))
        (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $xu0) (local.get $xg1))))
        (local.set $s02 (f64x2.add (local.get $s02) (f64x2.mul (local.get $xu0) (local.get $xg2))))
        (local.set $s03 (f64x2.add (local.get $s03) (f64x2.mul (local.get $xu0) (local.get $xg3))))
        (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $xu1) (local.get $xg0))))
        (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $xu1) (local.get $xg1))))
        (local.set $s12 (f64x2.add (local.get $s12) (f64x2.mul (local.get $xu1) (local.get $xg2))))
        (local.set $s13 (f64x2.add (local.get $s13) (f64x2.mul (local.get $xu1) (local.get $xg3))))))
    (f64.store offset=0 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $s00)) (f64x2.extract_lane 1 (local.get $s00))))
    (f64.store offset=8 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $s01)) (f64x2.extract_lane 1 (local.get $s01))))
    (f64.store offset=16 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $s02)) (f64x2.extract_lane 1 (local.get $s02))))
    (f64.store offset=24 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $s03)) (f64x2.extract_lane 1 (local.get $s03))))
    (f64.store offset=32 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $s10)) (f64x2.extract_lane 1 (local.get $s10))))
    (f64.store offset=40 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $s11)) (f64x2.extract_lane 1 (local.get $s11))))
    (f64.store offset=48 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $s12)) (f64x2.extract_lane 1 (local.get $s12))))
    (f64.store offset=56 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $s13)) (f64x2.extract_lane 1 (local.get $s13)))))
  ;; Row u0 against columns g0..g3: four sums.
  (func (export "one") (param $u0 i32) (param $g0 i32) (param $g1 i32) (param $g2 i32) (param $g3 i32) (param $len i32) (param $out i32)
    (local $i i32) (local $end i32) (local $xu0 v128) (local $xg0 v128) (local $xg1 v128) (local $xg2 v128) (local $xg3 v128)
    (local $s00 v128) (local $s01 v128) (local $s02 v128) (local $s03 v128)
    (local.set $end (i32.shl (i32.and (local.get $len) (i32.const -2)) (i32.const 3)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $xu0 (v128.load (i32.add (local.get $u0) (local.get $i))))
        (local.set $xg0 (v128.load (i32.add (local.get $g0) (local.get $i))))
        (local.set $xg1 (v128.load (i32.add (local.get $g1) (local.get $i))))
        (local.set $xg2 (v128.load (i32.add (local.get $g2) (local.get $i))))
        (local.set $xg3 (v128.load (i32.add (local.get $g3) (local.get $i))))
        (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $xu0) (local.get $xg0))))
        (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $xu0) (local.get $xg1))))
        (local.set $s02 (f64x2.add (local.get $s02) (f64x2.mul (local.get $xu0) (local.get $xg2))))
        (local.set $s03 (f64x2.add (local.get $s03) (f64x2.mul (local.get $xu0) (local.get $xg3))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
    ;; An odd last term: loaded into lane 0, lane 1 zero.
    (if (i32.and (local.get $len) (i32.const 1))
      (then
        (local.set $xu0 (v128.load64_zero (i32.add (local.get $u0) (local.get $i))))
        (local.set $xg0 (v128.load64_zero (i32.add (local.get $g0) (local.get $i))))
        (local.set $xg1 (v128.load64_zero (i32.add (local.get $g1) (local.get $i))))
        (local.set $xg2 (v128.load64_zero (i32.add (local.get $g2) (local.get $i))))
        (local.set $xg3 (v128.load64_zero (i32.add (local.get $g3) (local.get $i))))
        (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $xu0) (local.get $xg0))))
        (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $xu0) (local.get $xg1))))
        (local.set $s02 (f64x2.add (local.get $s02) (f64x2.mul (local.get $xu0) (local.get $xg2))))
        (local.set $s03 (f64x2.add (local.get $s03) (f64x2.mul (local.get $xu0) (local.get $xg3))))))
    (f64.store offset=0 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $s00)) (f64x2.extract_lane 1 (local.get $s00))))
    (f64.store offset=8 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $s01)) (f64x2.extract_lane 1 (local.get $s01))))
    (f64.store offset=16 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $s02)) (f64x2.extract_lane 1 (local.get $s02))))
    (f64.store offset=24 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $s03)) (f64x2.extract_lane 1 (local.get $s03)))))
  ;; Row u0 against column g0: one sum.
  (func (export "dot") (param $u0 i32) (param $g0 i32) (param $len i32) (param $out i32)
    (local $i i32) (local $end i32) (local $xu0 v128) (local $xg0 v128)
    (local $s00 v128)
    (local.set $end (i32.shl (i32.and (local.get $len) (i32.const -2)) (i32.const 3)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $xu0 (v128.load (i32.add (local.get $u0) (local.get $i))))
        (local.set $xg0 (v128.load (i32.add (local.get $g0) (local.get $i))))
        (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $xu0) (local.get $xg0))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
    ;; An odd last term: loaded into lane 0, lane 1 zero.
    (if (i32.and (local.get $len) (i32.const 1))
      (then
        (local.set $xu0 (v128.load64_zero (i32.add (local.get $u0) (local.get $i))))
        (local.set $xg0 (v128.load64_zero (i32.add (local.get $g0) (local.get $i))))
        (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $xu0) (local.get $xg0))))))
    (f64.store offset=0 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $s00)) (f64x2.extract_lane 1 (local.get $s00))))))
