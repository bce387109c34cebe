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
    (f64.store offset=0 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $s00)) (f64x2.extract_lane 1 (local.get $s00)))))
  ;; Sparse terms (i32 indices at $idx, float64 values at $val) against the rows of a dense matrix
  ;; of $blocks * 8 columns ($stride bytes a row): one sum per column, written at $out. Two column
  ;; blocks a pass over the terms (sixteen sums in eight registers), the last odd block alone; four
  ;; terms a step, their four products added together before they join the column's sum. One block
  ;; a pass and two terms a step, each term into its own registers, ran at 4.3-5.1 billion
  ;; multiply-adds a second, this at 7.3-8.0, whatever the matrix's size (0.4-18 MB): the old loop
  ;; waited on its instructions, not on memory. Exact under the callers' bound: every partial sum,
  ;; in any grouping, is an integer below 2^53.
  (func (export "rows") (param $idx i32) (param $val i32) (param $len i32) (param $mat i32) (param $stride i32) (param $blocks i32) (param $out i32)
    (local $b i32)
    (block $pairsDone
      (loop $nextPair
        (br_if $pairsDone (i32.gt_u (i32.add (local.get $b) (i32.const 2)) (local.get $blocks)))
        (call $rows16 (local.get $idx) (local.get $val) (local.get $len) (i32.add (local.get $mat) (i32.shl (local.get $b) (i32.const 6))) (local.get $stride) (i32.add (local.get $out) (i32.shl (local.get $b) (i32.const 6))))
        (call $tail (local.get $idx) (local.get $val) (local.get $len) (i32.add (local.get $mat) (i32.shl (local.get $b) (i32.const 6))) (local.get $stride) (i32.add (local.get $out) (i32.shl (local.get $b) (i32.const 6))) (i32.const 128))
        (local.set $b (i32.add (local.get $b) (i32.const 2)))
        (br $nextPair)))
    (if (i32.lt_u (local.get $b) (local.get $blocks))
      (then
        (call $rows8 (local.get $idx) (local.get $val) (local.get $len) (i32.add (local.get $mat) (i32.shl (local.get $b) (i32.const 6))) (local.get $stride) (i32.add (local.get $out) (i32.shl (local.get $b) (i32.const 6))))
        (call $tail (local.get $idx) (local.get $val) (local.get $len) (i32.add (local.get $mat) (i32.shl (local.get $b) (i32.const 6))) (local.get $stride) (i32.add (local.get $out) (i32.shl (local.get $b) (i32.const 6))) (i32.const 64)))))
  ;; Sixteen columns from byte $col of each matrix row, summed at $out.
  (func $rows16 (param $idx i32) (param $val i32) (param $len i32) (param $col i32) (param $stride i32) (param $out i32)
    (local $i i32) (local $end i32) (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $s4 v128) (local $s5 v128) (local $s6 v128) (local $s7 v128)
    ;; $i counts bytes of the indices (4 a term); the values are at twice that.
    (local.set $end (i32.shl (i32.and (local.get $len) (i32.const -4)) (i32.const 2)))
    (block $termsDone
      (loop $nextTerms
        (br_if $termsDone (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $r0 (i32.add (local.get $col) (i32.mul (i32.load offset=0 (i32.add (local.get $idx) (local.get $i))) (local.get $stride))))
        (local.set $x0 (f64x2.splat (f64.load offset=0 (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 1))))))
        (local.set $r1 (i32.add (local.get $col) (i32.mul (i32.load offset=4 (i32.add (local.get $idx) (local.get $i))) (local.get $stride))))
        (local.set $x1 (f64x2.splat (f64.load offset=8 (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 1))))))
        (local.set $r2 (i32.add (local.get $col) (i32.mul (i32.load offset=8 (i32.add (local.get $idx) (local.get $i))) (local.get $stride))))
        (local.set $x2 (f64x2.splat (f64.load offset=16 (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 1))))))
        (local.set $r3 (i32.add (local.get $col) (i32.mul (i32.load offset=12 (i32.add (local.get $idx) (local.get $i))) (local.get $stride))))
        (local.set $x3 (f64x2.splat (f64.load offset=24 (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 1))))))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.add (f64x2.add (f64x2.mul (local.get $x0) (v128.load offset=0 (local.get $r0))) (f64x2.mul (local.get $x1) (v128.load offset=0 (local.get $r1)))) (f64x2.add (f64x2.mul (local.get $x2) (v128.load offset=0 (local.get $r2))) (f64x2.mul (local.get $x3) (v128.load offset=0 (local.get $r3)))))))
        (local.set $s1 (f64x2.add (local.get $s1) (f64x2.add (f64x2.add (f64x2.mul (local.get $x0) (v128.load offset=16 (local.get $r0))) (f64x2.mul (local.get $x1) (v128.load offset=16 (local.get $r1)))) (f64x2.add (f64x2.mul (local.get $x2) (v128.load offset=16 (local.get $r2))) (f64x2.mul (local.get $x3) (v128.load offset=16 (local.get $r3)))))))
        (local.set $s2 (f64x2.add (local.get $s2) (f64x2.add (f64x2.add (f64x2.mul (local.get $x0) (v128.load offset=32 (local.get $r0))) (f64x2.mul (local.get $x1) (v128.load offset=32 (local.get $r1)))) (f64x2.add (f64x2.mul (local.get $x2) (v128.load offset=32 (local.get $r2))) (f64x2.mul (local.get $x3) (v128.load offset=32 (local.get $r3)))))))
        (local.set $s3 (f64x2.add (local.get $s3) (f64x2.add (f64x2.add (f64x2.mul (local.get $x0) (v128.load offset=48 (local.get $r0))) (f64x2.mul (local.get $x1) (v128.load offset=48 (local.get $r1)))) (f64x2.add (f64x2.mul (local.get $x2) (v128.load offset=48 (local.get $r2))) (f64x2.mul (local.get $x3) (v128.load offset=48 (local.get $r3)))))))
        (local.set $s4 (f64x2.add (local.get $s4) (f64x2.add (f64x2.add (f64x2.mul (local.get $x0) (v128.load offset=64 (local.get $r0))) (f64x2.mul (local.get $x1) (v128.load offset=64 (local.get $r1)))) (f64x2.add (f64x2.mul (local.get $x2) (v128.load offset=64 (local.get $r2))) (f64x2.mul (local.get $x3) (v128.load offset=64 (local.get $r3)))))))
        (local.set $s5 (f64x2.add (local.get $s5) (f64x2.add (f64x2.add (f64x2.mul (local.get $x0) (v128.load offset=80 (local.get $r0))) (f64x2.mul (local.get $x1) (v128.load offset=80 (local.get $r1)))) (f64x2.add (f64x2.mul (local.get $x2) (v128.load offset=80 (local.get $r2))) (f64x2.mul (local.get $x3) (v128.load offset=80 (local.get $r3)))))))
        (local.set $s6 (f64x2.add (local.get $s6) (f64x2.add (f64x2.add (f64x2.mul (local.get $x0) (v128.load offset=96 (local.get $r0))) (f64x2.mul (local.get $x1) (v128.load offset=96 (local.get $r1)))) (f64x2.add (f64x2.mul (local.get $x2) (v128.load offset=96 (local.get $r2))) (f64x2.mul (local.get $x3) (v128.load offset=96 (local.get $r3)))))))
        (local.set $s7 (f64x2.add (local.get $s7) (f64x2.add (f64x2.add (f64x2.mul (local.get $x0) (v128.load offset=112 (local.get $r0))) (f64x2.mul (local.get $x1) (v128.load offset=112 (local.get $r1)))) (f64x2.add (f64x2.mul (local.get $x2) (v128.load offset=112 (local.get $r2))) (f64x2.mul (local.get $x3) (v128.load offset=112 (local.get $r3)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $nextTerms)))
    (v128.store offset=0 (local.get $out) (local.get $s0))
    (v128.store offset=16 (local.get $out) (local.get $s1))
    (v128.store offset=32 (local.get $out) (local.get $s2))
    (v128.store offset=48 (local.get $out) (local.get $s3))
    (v128.store offset=64 (local.get $out) (local.get $s4))
    (v128.store offset=80 (local.get $out) (local.get $s5))
    (v128.store offset=96 (local.get $out) (local.get $s6))
    (v128.store offset=112 (local.get $out) (local.get $s7)))
  ;; Eight columns, the same way.
  (func $rows8 (param $idx i32) (param $val i32) (param $len i32) (param $col i32) (param $stride i32) (param $out i32)
    (local $i i32) (local $end i32) (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    ;; $i counts bytes of the indices (4 a term); the values are at twice that.
    (local.set $end (i32.shl (i32.and (local.get $len) (i32.const -4)) (i32.const 2)))
    (block $termsDone
      (loop $nextTerms
        (br_if $termsDone (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $r0 (i32.add (local.get $col) (i32.mul (i32.load offset=0 (i32.add (local.get $idx) (local.get $i))) (local.get $stride))))
        (local.set $x0 (f64x2.splat (f64.load offset=0 (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 1))))))
        (local.set $r1 (i32.add (local.get $col) (i32.mul (i32.load offset=4 (i32.add (local.get $idx) (local.get $i))) (local.get $stride))))
        (local.set $x1 (f64x2.splat (f64.load offset=8 (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 1))))))
        (local.set $r2 (i32.add (local.get $col) (i32.mul (i32.load offset=8 (i32.add (local.get $idx) (local.get $i))) (local.get $stride))))
        (local.set $x2 (f64x2.splat (f64.load offset=16 (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 1))))))
        (local.set $r3 (i32.add (local.get $col) (i32.mul (i32.load offset=12 (i32.add (local.get $idx) (local.get $i))) (local.get $stride))))
        (local.set $x3 (f64x2.splat (f64.load offset=24 (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 1))))))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.add (f64x2.add (f64x2.mul (local.get $x0) (v128.load offset=0 (local.get $r0))) (f64x2.mul (local.get $x1) (v128.load offset=0 (local.get $r1)))) (f64x2.add (f64x2.mul (local.get $x2) (v128.load offset=0 (local.get $r2))) (f64x2.mul (local.get $x3) (v128.load offset=0 (local.get $r3)))))))
        (local.set $s1 (f64x2.add (local.get $s1) (f64x2.add (f64x2.add (f64x2.mul (local.get $x0) (v128.load offset=16 (local.get $r0))) (f64x2.mul (local.get $x1) (v128.load offset=16 (local.get $r1)))) (f64x2.add (f64x2.mul (local.get $x2) (v128.load offset=16 (local.get $r2))) (f64x2.mul (local.get $x3) (v128.load offset=16 (local.get $r3)))))))
        (local.set $s2 (f64x2.add (local.get $s2) (f64x2.add (f64x2.add (f64x2.mul (local.get $x0) (v128.load offset=32 (local.get $r0))) (f64x2.mul (local.get $x1) (v128.load offset=32 (local.get $r1)))) (f64x2.add (f64x2.mul (local.get $x2) (v128.load offset=32 (local.get $r2))) (f64x2.mul (local.get $x3) (v128.load offset=32 (local.get $r3)))))))
        (local.set $s3 (f64x2.add (local.get $s3) (f64x2.add (f64x2.add (f64x2.mul (local.get $x0) (v128.load offset=48 (local.get $r0))) (f64x2.mul (local.get $x1) (v128.load offset=48 (local.get $r1)))) (f64x2.add (f64x2.mul (local.get $x2) (v128.load offset=48 (local.get $r2))) (f64x2.mul (local.get $x3) (v128.load offset=48 (local.get $r3)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $nextTerms)))
    (v128.store offset=0 (local.get $out) (local.get $s0))
    (v128.store offset=16 (local.get $out) (local.get $s1))
    (v128.store offset=32 (local.get $out) (local.get $s2))
    (v128.store offset=48 (local.get $out) (local.get $s3)))
  ;; The last len % 4 terms (none of which the passes read) added to the $bytes / 8 sums at $out,
  ;; one term and one pair of columns at a time: apart from the passes, whose loops keep every sum in a
  ;; register only while no second loop shares them (one here took the pass from 7.5 to 4.5 billion).
  (func $tail (param $idx i32) (param $val i32) (param $len i32) (param $col i32) (param $stride i32) (param $out i32) (param $bytes i32)
    (local $i i32) (local $end i32) (local $r i32) (local $x v128) (local $k i32)
    (local.set $i (i32.shl (i32.and (local.get $len) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $len) (i32.const 2)))
    (block $termsDone
      (loop $nextTerm
        (br_if $termsDone (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $r (i32.add (local.get $col) (i32.mul (i32.load (i32.add (local.get $idx) (local.get $i))) (local.get $stride))))
        (local.set $x (f64x2.splat (f64.load (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 1))))))
        (local.set $k (i32.const 0))
        (block $colsDone
          (loop $nextCols
            (br_if $colsDone (i32.ge_u (local.get $k) (local.get $bytes)))
            (v128.store (i32.add (local.get $out) (local.get $k))
              (f64x2.add (v128.load (i32.add (local.get $out) (local.get $k))) (f64x2.mul (local.get $x) (v128.load (i32.add (local.get $r) (local.get $k))))))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br $nextCols)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $nextTerm))))

  ;; The terms (i32 indices at $idx, float64 values at $val, $len of them) times a vector's entries
  ;; at their indices (float64s at $a); the products that are not 0 written with their indices at
  ;; $outIdx / $outVal, which may be $idx / $val (a term is written no later than it is read). Returns
  ;; how many, and writes the products' sum of magnitudes at byte 0, summed in the order of
  ;; termList.ts `scaleTerms` (even and odd terms apart) so that both give the same bound, and their
  ;; largest magnitude at byte 8 (whether the narrow form may take them: classRows.ts).
  (func (export "scale") (param $idx i32) (param $val i32) (param $len i32) (param $a i32) (param $outIdx i32) (param $outVal i32) (result i32)
    (local $i i32) (local $m i32) (local $k i32) (local $v f64) (local $abs0 f64) (local $abs1 f64) (local $max f64)
    (block $pairsDone
      (loop $nextPair
        (br_if $pairsDone (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $len)))
        (local.set $k (i32.load (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $v (f64.mul (f64.load (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 3)))) (f64.load (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 3))))))
        (i32.store (i32.add (local.get $outIdx) (i32.shl (local.get $m) (i32.const 2))) (local.get $k))
        (f64.store (i32.add (local.get $outVal) (i32.shl (local.get $m) (i32.const 3))) (local.get $v))
        (local.set $m (i32.add (local.get $m) (f64.ne (local.get $v) (f64.const 0))))
        (local.set $abs0 (f64.add (local.get $abs0) (f64.abs (local.get $v))))
        (local.set $max (f64.max (local.get $max) (f64.abs (local.get $v))))
        (local.set $k (i32.load offset=4 (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $v (f64.mul (f64.load offset=8 (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 3)))) (f64.load (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 3))))))
        (i32.store (i32.add (local.get $outIdx) (i32.shl (local.get $m) (i32.const 2))) (local.get $k))
        (f64.store (i32.add (local.get $outVal) (i32.shl (local.get $m) (i32.const 3))) (local.get $v))
        (local.set $m (i32.add (local.get $m) (f64.ne (local.get $v) (f64.const 0))))
        (local.set $abs1 (f64.add (local.get $abs1) (f64.abs (local.get $v))))
        (local.set $max (f64.max (local.get $max) (f64.abs (local.get $v))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $nextPair)))
    (if (i32.lt_u (local.get $i) (local.get $len))
      (then
        (local.set $k (i32.load (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $v (f64.mul (f64.load (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 3)))) (f64.load (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 3))))))
        (i32.store (i32.add (local.get $outIdx) (i32.shl (local.get $m) (i32.const 2))) (local.get $k))
        (f64.store (i32.add (local.get $outVal) (i32.shl (local.get $m) (i32.const 3))) (local.get $v))
        (local.set $m (i32.add (local.get $m) (f64.ne (local.get $v) (f64.const 0))))
        (local.set $abs0 (f64.add (local.get $abs0) (f64.abs (local.get $v))))
        (local.set $max (f64.max (local.get $max) (f64.abs (local.get $v))))))
    (f64.store (i32.const 0) (f64.add (local.get $abs0) (local.get $abs1)))
    (f64.store (i32.const 8) (local.get $max))
    (local.get $m))
  ;; The columns 0..$cols of a matrix ($stride bytes a row) at the rows of sparse terms' indices,
  ;; column by column: column c's entry for term i at $out + (c * $len + i) * 8; with $scaled, times
  ;; the term's value (the same float64 product as in JavaScript). Two terms and two columns a step:
  ;; the two matrix rows' pairs of columns are transposed by shuffles, so each store writes two
  ;; terms of one column (one store in two, and one load and product in two, of a scalar loop;
  ;; the strided stores were what the gather waited on). An odd last column reads its one value.
  (func (export "gather") (param $idx i32) (param $val i32) (param $len i32) (param $mat i32) (param $stride i32) (param $cols i32) (param $out i32) (param $scaled i32)
    (local $i i32) (local $c i32) (local $src0 i32) (local $src1 i32) (local $dst i32) (local $step i32) (local $pairs i32)
    (local $v f64) (local $vv v128) (local $a v128) (local $b v128)
    (local.set $step (i32.shl (local.get $len) (i32.const 3)))
    (local.set $pairs (i32.and (local.get $len) (i32.const -2)))
    (block $pairsDone
      (loop $nextPair
        (br_if $pairsDone (i32.ge_u (local.get $i) (local.get $pairs)))
        (local.set $src0 (i32.add (local.get $mat) (i32.mul (i32.load offset=0 (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))) (local.get $stride))))
        (local.set $src1 (i32.add (local.get $mat) (i32.mul (i32.load offset=4 (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))) (local.get $stride))))
        (local.set $vv (select (v128.load (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 3)))) (f64x2.splat (f64.const 1)) (local.get $scaled)))
        (local.set $dst (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $c (i32.const 0))
        (block $colsDone
          (loop $nextCols
            (br_if $colsDone (i32.ge_u (i32.add (local.get $c) (i32.const 1)) (local.get $cols)))
            (local.set $a (v128.load (i32.add (local.get $src0) (i32.shl (local.get $c) (i32.const 3)))))
            (local.set $b (v128.load (i32.add (local.get $src1) (i32.shl (local.get $c) (i32.const 3)))))
            ;; (a0, b0): column c of both terms; (a1, b1): column c + 1.
            (v128.store (local.get $dst) (f64x2.mul (local.get $vv) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $b))))
            (v128.store (i32.add (local.get $dst) (local.get $step)) (f64x2.mul (local.get $vv) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $b))))
            (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $step) (i32.const 1))))
            (local.set $c (i32.add (local.get $c) (i32.const 2)))
            (br $nextCols)))
        ;; An odd last column: its two terms only.
        (if (i32.lt_u (local.get $c) (local.get $cols))
          (then
            (local.set $a (v128.load64_zero (i32.add (local.get $src0) (i32.shl (local.get $c) (i32.const 3)))))
            (local.set $b (v128.load64_zero (i32.add (local.get $src1) (i32.shl (local.get $c) (i32.const 3)))))
            (v128.store (local.get $dst) (f64x2.mul (local.get $vv) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $b))))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $nextPair)))
    ;; An odd last term: column by column.
    (if (i32.lt_u (local.get $i) (local.get $len))
      (then
        (local.set $src0 (i32.add (local.get $mat) (i32.mul (i32.load (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))) (local.get $stride))))
        (local.set $v (select (f64.load (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 3)))) (f64.const 1) (local.get $scaled)))
        (local.set $dst (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $c (i32.const 0))
        (block $lastDone
          (loop $lastCol
            (br_if $lastDone (i32.ge_u (local.get $c) (local.get $cols)))
            (f64.store (local.get $dst) (f64.mul (local.get $v) (f64.load (i32.add (local.get $src0) (i32.shl (local.get $c) (i32.const 3))))))
            (local.set $dst (i32.add (local.get $dst) (local.get $step)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $lastCol))))))

  ;; The same three products over int16 rows (the narrow form: pairSums.ts takes it where every
  ;; operand fits an int16 and every sum an int32). Each i32x4.dot_i16x8_s multiplies eight pairs and
  ;; adds them two by two: eight multiply-adds an instruction where the float64 loops above do two.
  ;; $len is in bytes, a multiple of 16 (the rows are padded with zeros to eight terms: gather16).
  ;; Exact under the caller's bound: every partial sum an integer below 2^31.
  (func (export "two16") (param $u0 i32) (param $u1 i32) (param $g0 i32) (param $g1 i32) (param $g2 i32) (param $g3 i32) (param $len i32) (param $out i32)
    (local $i i32) (local $xu0 v128) (local $xu1 v128) (local $xg0 v128) (local $xg1 v128) (local $xg2 v128) (local $xg3 v128)
    (local $s00 v128) (local $s01 v128) (local $s02 v128) (local $s03 v128) (local $s10 v128) (local $s11 v128) (local $s12 v128) (local $s13 v128)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $xu0 (v128.load (i32.add (local.get $u0) (local.get $i))))
        (local.set $xu1 (v128.load (i32.add (local.get $u1) (local.get $i))))
        (local.set $xg0 (v128.load (i32.add (local.get $g0) (local.get $i))))
        (local.set $xg1 (v128.load (i32.add (local.get $g1) (local.get $i))))
        (local.set $xg2 (v128.load (i32.add (local.get $g2) (local.get $i))))
        (local.set $xg3 (v128.load (i32.add (local.get $g3) (local.get $i))))
        (local.set $s00 (i32x4.add (local.get $s00) (i32x4.dot_i16x8_s (local.get $xu0) (local.get $xg0))))
        (local.set $s01 (i32x4.add (local.get $s01) (i32x4.dot_i16x8_s (local.get $xu0) (local.get $xg1))))
        (local.set $s02 (i32x4.add (local.get $s02) (i32x4.dot_i16x8_s (local.get $xu0) (local.get $xg2))))
        (local.set $s03 (i32x4.add (local.get $s03) (i32x4.dot_i16x8_s (local.get $xu0) (local.get $xg3))))
        (local.set $s10 (i32x4.add (local.get $s10) (i32x4.dot_i16x8_s (local.get $xu1) (local.get $xg0))))
        (local.set $s11 (i32x4.add (local.get $s11) (i32x4.dot_i16x8_s (local.get $xu1) (local.get $xg1))))
        (local.set $s12 (i32x4.add (local.get $s12) (i32x4.dot_i16x8_s (local.get $xu1) (local.get $xg2))))
        (local.set $s13 (i32x4.add (local.get $s13) (i32x4.dot_i16x8_s (local.get $xu1) (local.get $xg3))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
    (f64.store offset=0 (local.get $out) (call $lanes (local.get $s00)))
    (f64.store offset=8 (local.get $out) (call $lanes (local.get $s01)))
    (f64.store offset=16 (local.get $out) (call $lanes (local.get $s02)))
    (f64.store offset=24 (local.get $out) (call $lanes (local.get $s03)))
    (f64.store offset=32 (local.get $out) (call $lanes (local.get $s10)))
    (f64.store offset=40 (local.get $out) (call $lanes (local.get $s11)))
    (f64.store offset=48 (local.get $out) (call $lanes (local.get $s12)))
    (f64.store offset=56 (local.get $out) (call $lanes (local.get $s13))))
  (func (export "one16") (param $u0 i32) (param $g0 i32) (param $g1 i32) (param $g2 i32) (param $g3 i32) (param $len i32) (param $out i32)
    (local $i i32) (local $xu0 v128)
    (local $s00 v128) (local $s01 v128) (local $s02 v128) (local $s03 v128)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $xu0 (v128.load (i32.add (local.get $u0) (local.get $i))))
        (local.set $s00 (i32x4.add (local.get $s00) (i32x4.dot_i16x8_s (local.get $xu0) (v128.load (i32.add (local.get $g0) (local.get $i))))))
        (local.set $s01 (i32x4.add (local.get $s01) (i32x4.dot_i16x8_s (local.get $xu0) (v128.load (i32.add (local.get $g1) (local.get $i))))))
        (local.set $s02 (i32x4.add (local.get $s02) (i32x4.dot_i16x8_s (local.get $xu0) (v128.load (i32.add (local.get $g2) (local.get $i))))))
        (local.set $s03 (i32x4.add (local.get $s03) (i32x4.dot_i16x8_s (local.get $xu0) (v128.load (i32.add (local.get $g3) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
    (f64.store offset=0 (local.get $out) (call $lanes (local.get $s00)))
    (f64.store offset=8 (local.get $out) (call $lanes (local.get $s01)))
    (f64.store offset=16 (local.get $out) (call $lanes (local.get $s02)))
    (f64.store offset=24 (local.get $out) (call $lanes (local.get $s03))))
  (func (export "dot16") (param $u0 i32) (param $g0 i32) (param $len i32) (param $out i32)
    (local $i i32) (local $s00 v128)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $s00 (i32x4.add (local.get $s00) (i32x4.dot_i16x8_s (v128.load (i32.add (local.get $u0) (local.get $i))) (v128.load (i32.add (local.get $g0) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
    (f64.store offset=0 (local.get $out) (call $lanes (local.get $s00))))
  ;; The four int32 lanes' sum, as a float64.
  (func $lanes (param $s v128) (result f64)
    (f64.convert_i32_s (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $s)) (i32x4.extract_lane 1 (local.get $s)))
      (i32.add (i32x4.extract_lane 2 (local.get $s)) (i32x4.extract_lane 3 (local.get $s))))))
  ;; gather's columns as int16 rows for the narrow form: column c's entry for term i at
  ;; $out + c * $step + i * 2 (bytes), converted from the float64 product (an integer the caller has
  ;; bounded by 2^15), and terms $len.. of each column zero up to $step bytes (the kernels above read
  ;; whole blocks of eight). Two terms and two columns a step, as gather.
  (func (export "gather16") (param $idx i32) (param $val i32) (param $len i32) (param $mat i32) (param $stride i32) (param $cols i32) (param $out i32) (param $scaled i32) (param $step i32)
    (local $i i32) (local $c i32) (local $src0 i32) (local $src1 i32) (local $dst i32) (local $pairs i32)
    (local $v f64) (local $vv v128) (local $a v128) (local $b v128) (local $n v128)
    (local.set $pairs (i32.and (local.get $len) (i32.const -2)))
    (block $pairsDone
      (loop $nextPair
        (br_if $pairsDone (i32.ge_u (local.get $i) (local.get $pairs)))
        (local.set $src0 (i32.add (local.get $mat) (i32.mul (i32.load offset=0 (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))) (local.get $stride))))
        (local.set $src1 (i32.add (local.get $mat) (i32.mul (i32.load offset=4 (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))) (local.get $stride))))
        (local.set $vv (select (v128.load (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 3)))) (f64x2.splat (f64.const 1)) (local.get $scaled)))
        (local.set $dst (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 1))))
        (local.set $c (i32.const 0))
        (block $colsDone
          (loop $nextCols
            (br_if $colsDone (i32.ge_u (i32.add (local.get $c) (i32.const 1)) (local.get $cols)))
            (local.set $a (v128.load (i32.add (local.get $src0) (i32.shl (local.get $c) (i32.const 3)))))
            (local.set $b (v128.load (i32.add (local.get $src1) (i32.shl (local.get $c) (i32.const 3)))))
            ;; int16 lanes 0, 1: column c of both terms; lanes 4, 5: column c + 1.
            (local.set $n (i16x8.narrow_i32x4_s
              (i32x4.trunc_sat_f64x2_s_zero (f64x2.mul (local.get $vv) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $b))))
              (i32x4.trunc_sat_f64x2_s_zero (f64x2.mul (local.get $vv) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $b))))))
            (v128.store32_lane 0 (local.get $dst) (local.get $n))
            (v128.store32_lane 2 (i32.add (local.get $dst) (local.get $step)) (local.get $n))
            (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $step) (i32.const 1))))
            (local.set $c (i32.add (local.get $c) (i32.const 2)))
            (br $nextCols)))
        ;; An odd last column: its two terms only.
        (if (i32.lt_u (local.get $c) (local.get $cols))
          (then
            (local.set $a (v128.load64_zero (i32.add (local.get $src0) (i32.shl (local.get $c) (i32.const 3)))))
            (local.set $b (v128.load64_zero (i32.add (local.get $src1) (i32.shl (local.get $c) (i32.const 3)))))
            (local.set $a (i32x4.trunc_sat_f64x2_s_zero (f64x2.mul (local.get $vv) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $b)))))
            (v128.store32_lane 0 (local.get $dst) (i16x8.narrow_i32x4_s (local.get $a) (local.get $a)))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $nextPair)))
    ;; An odd last term: column by column.
    (if (i32.lt_u (local.get $i) (local.get $len))
      (then
        (local.set $src0 (i32.add (local.get $mat) (i32.mul (i32.load (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))) (local.get $stride))))
        (local.set $v (select (f64.load (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 3)))) (f64.const 1) (local.get $scaled)))
        (local.set $dst (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 1))))
        (local.set $c (i32.const 0))
        (block $lastDone
          (loop $lastCol
            (br_if $lastDone (i32.ge_u (local.get $c) (local.get $cols)))
            (i32.store16 (local.get $dst) (i32.trunc_sat_f64_s (f64.mul (local.get $v) (f64.load (i32.add (local.get $src0) (i32.shl (local.get $c) (i32.const 3)))))))
            (local.set $dst (i32.add (local.get $dst) (local.get $step)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $lastCol)))))
    ;; The padding: bytes $len * 2 .. $step of every column.
    (local.set $c (i32.const 0))
    (block $padDone
      (loop $padCol
        (br_if $padDone (i32.ge_u (local.get $c) (local.get $cols)))
        (local.set $dst (i32.add (i32.add (local.get $out) (i32.mul (local.get $c) (local.get $step))) (i32.shl (local.get $len) (i32.const 1))))
        (local.set $i (i32.add (i32.add (local.get $out) (i32.mul (local.get $c) (local.get $step))) (local.get $step)))
        (block $zerosDone
          (loop $zero
            (br_if $zerosDone (i32.ge_u (local.get $dst) (local.get $i)))
            (i32.store16 (local.get $dst) (i32.const 0))
            (local.set $dst (i32.add (local.get $dst) (i32.const 2)))
            (br $zero)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $padCol))))

  ;; rows over an int16 copy of the matrix (the narrow form: classRows.ts takes it where every
  ;; term's value and every entry fits an int16 and every sum an int32): $mat16 and $stride16 in
  ;; bytes of the int16 matrix, the sums written as float64s at $out as rows writes them. Two terms
  ;; a step: their rows' entries interleaved by column, each i32x4.dot_i16x8_s multiplies both
  ;; terms' values into four columns at once (one instruction on x86, where i32x4.extmul takes three
  ;; and ran slower than the float64 loop). A pass takes 32 columns, then 16, then 8.
  (func (export "rows16n") (param $idx i32) (param $val i32) (param $len i32) (param $mat16 i32) (param $stride16 i32) (param $blocks i32) (param $out i32)
    (local $b i32)
    (block $foursDone
      (loop $nextFour
        (br_if $foursDone (i32.gt_u (i32.add (local.get $b) (i32.const 4)) (local.get $blocks)))
        (call $narrow32 (local.get $idx) (local.get $val) (local.get $len) (i32.add (local.get $mat16) (i32.shl (local.get $b) (i32.const 4))) (local.get $stride16) (i32.add (local.get $out) (i32.shl (local.get $b) (i32.const 6))))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (br $nextFour)))
    (if (i32.le_u (i32.add (local.get $b) (i32.const 2)) (local.get $blocks))
      (then
        (call $narrow16 (local.get $idx) (local.get $val) (local.get $len) (i32.add (local.get $mat16) (i32.shl (local.get $b) (i32.const 4))) (local.get $stride16) (i32.add (local.get $out) (i32.shl (local.get $b) (i32.const 6))))
        (local.set $b (i32.add (local.get $b) (i32.const 2)))))
    (if (i32.lt_u (local.get $b) (local.get $blocks))
      (then
        (call $narrow8 (local.get $idx) (local.get $val) (local.get $len) (i32.add (local.get $mat16) (i32.shl (local.get $b) (i32.const 4))) (local.get $stride16) (i32.add (local.get $out) (i32.shl (local.get $b) (i32.const 6)))))))

  ;; 32 int16 columns from byte $col of each row, summed as float64s at $out.
  (func $narrow32 (param $idx i32) (param $val i32) (param $len i32) (param $col i32) (param $stride i32) (param $out i32)
    (local $i i32) (local $r0 i32) (local $r1 i32) (local $v v128) (local $x0 v128) (local $x1 v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $s4 v128) (local $s5 v128) (local $s6 v128) (local $s7 v128)
    (block $termsDone
      (loop $nextPair
        (br_if $termsDone (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $r0 (i32.add (local.get $col) (i32.mul (i32.load (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))) (local.get $stride))))
        ;; An odd last term pairs with itself times 0.
        (if (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $len))
          (then
            (local.set $r1 (i32.add (local.get $col) (i32.mul (i32.load offset=4 (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))) (local.get $stride))))
            (local.set $v (i32x4.splat (i32.or
              (i32.and (i32.trunc_sat_f64_s (f64.load (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 3))))) (i32.const 0xffff))
              (i32.shl (i32.trunc_sat_f64_s (f64.load offset=8 (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 3))))) (i32.const 16))))))
          (else
            (local.set $r1 (local.get $r0))
            (local.set $v (i32x4.splat (i32.and (i32.trunc_sat_f64_s (f64.load (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 3))))) (i32.const 0xffff))))))
        (local.set $x0 (v128.load offset=0 (local.get $r0)))
        (local.set $x1 (v128.load offset=0 (local.get $r1)))
        (local.set $s0 (i32x4.add (local.get $s0) (i32x4.dot_i16x8_s (local.get $v) (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $x0) (local.get $x1)))))
        (local.set $s1 (i32x4.add (local.get $s1) (i32x4.dot_i16x8_s (local.get $v) (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $x0) (local.get $x1)))))
        (local.set $x0 (v128.load offset=16 (local.get $r0)))
        (local.set $x1 (v128.load offset=16 (local.get $r1)))
        (local.set $s2 (i32x4.add (local.get $s2) (i32x4.dot_i16x8_s (local.get $v) (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $x0) (local.get $x1)))))
        (local.set $s3 (i32x4.add (local.get $s3) (i32x4.dot_i16x8_s (local.get $v) (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $x0) (local.get $x1)))))
        (local.set $x0 (v128.load offset=32 (local.get $r0)))
        (local.set $x1 (v128.load offset=32 (local.get $r1)))
        (local.set $s4 (i32x4.add (local.get $s4) (i32x4.dot_i16x8_s (local.get $v) (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $x0) (local.get $x1)))))
        (local.set $s5 (i32x4.add (local.get $s5) (i32x4.dot_i16x8_s (local.get $v) (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $x0) (local.get $x1)))))
        (local.set $x0 (v128.load offset=48 (local.get $r0)))
        (local.set $x1 (v128.load offset=48 (local.get $r1)))
        (local.set $s6 (i32x4.add (local.get $s6) (i32x4.dot_i16x8_s (local.get $v) (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $x0) (local.get $x1)))))
        (local.set $s7 (i32x4.add (local.get $s7) (i32x4.dot_i16x8_s (local.get $v) (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $x0) (local.get $x1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $nextPair)))
    (call $store4 (i32.add (local.get $out) (i32.const 0)) (local.get $s0))
    (call $store4 (i32.add (local.get $out) (i32.const 32)) (local.get $s1))
    (call $store4 (i32.add (local.get $out) (i32.const 64)) (local.get $s2))
    (call $store4 (i32.add (local.get $out) (i32.const 96)) (local.get $s3))
    (call $store4 (i32.add (local.get $out) (i32.const 128)) (local.get $s4))
    (call $store4 (i32.add (local.get $out) (i32.const 160)) (local.get $s5))
    (call $store4 (i32.add (local.get $out) (i32.const 192)) (local.get $s6))
    (call $store4 (i32.add (local.get $out) (i32.const 224)) (local.get $s7)))
  ;; 16 int16 columns from byte $col of each row, summed as float64s at $out.
  (func $narrow16 (param $idx i32) (param $val i32) (param $len i32) (param $col i32) (param $stride i32) (param $out i32)
    (local $i i32) (local $r0 i32) (local $r1 i32) (local $v v128) (local $x0 v128) (local $x1 v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (block $termsDone
      (loop $nextPair
        (br_if $termsDone (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $r0 (i32.add (local.get $col) (i32.mul (i32.load (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))) (local.get $stride))))
        ;; An odd last term pairs with itself times 0.
        (if (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $len))
          (then
            (local.set $r1 (i32.add (local.get $col) (i32.mul (i32.load offset=4 (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))) (local.get $stride))))
            (local.set $v (i32x4.splat (i32.or
              (i32.and (i32.trunc_sat_f64_s (f64.load (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 3))))) (i32.const 0xffff))
              (i32.shl (i32.trunc_sat_f64_s (f64.load offset=8 (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 3))))) (i32.const 16))))))
          (else
            (local.set $r1 (local.get $r0))
            (local.set $v (i32x4.splat (i32.and (i32.trunc_sat_f64_s (f64.load (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 3))))) (i32.const 0xffff))))))
        (local.set $x0 (v128.load offset=0 (local.get $r0)))
        (local.set $x1 (v128.load offset=0 (local.get $r1)))
        (local.set $s0 (i32x4.add (local.get $s0) (i32x4.dot_i16x8_s (local.get $v) (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $x0) (local.get $x1)))))
        (local.set $s1 (i32x4.add (local.get $s1) (i32x4.dot_i16x8_s (local.get $v) (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $x0) (local.get $x1)))))
        (local.set $x0 (v128.load offset=16 (local.get $r0)))
        (local.set $x1 (v128.load offset=16 (local.get $r1)))
        (local.set $s2 (i32x4.add (local.get $s2) (i32x4.dot_i16x8_s (local.get $v) (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $x0) (local.get $x1)))))
        (local.set $s3 (i32x4.add (local.get $s3) (i32x4.dot_i16x8_s (local.get $v) (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $x0) (local.get $x1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $nextPair)))
    (call $store4 (i32.add (local.get $out) (i32.const 0)) (local.get $s0))
    (call $store4 (i32.add (local.get $out) (i32.const 32)) (local.get $s1))
    (call $store4 (i32.add (local.get $out) (i32.const 64)) (local.get $s2))
    (call $store4 (i32.add (local.get $out) (i32.const 96)) (local.get $s3)))
  ;; 8 int16 columns from byte $col of each row, summed as float64s at $out.
  (func $narrow8 (param $idx i32) (param $val i32) (param $len i32) (param $col i32) (param $stride i32) (param $out i32)
    (local $i i32) (local $r0 i32) (local $r1 i32) (local $v v128) (local $x0 v128) (local $x1 v128)
    (local $s0 v128) (local $s1 v128)
    (block $termsDone
      (loop $nextPair
        (br_if $termsDone (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $r0 (i32.add (local.get $col) (i32.mul (i32.load (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))) (local.get $stride))))
        ;; An odd last term pairs with itself times 0.
        (if (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $len))
          (then
            (local.set $r1 (i32.add (local.get $col) (i32.mul (i32.load offset=4 (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))) (local.get $stride))))
            (local.set $v (i32x4.splat (i32.or
              (i32.and (i32.trunc_sat_f64_s (f64.load (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 3))))) (i32.const 0xffff))
              (i32.shl (i32.trunc_sat_f64_s (f64.load offset=8 (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 3))))) (i32.const 16))))))
          (else
            (local.set $r1 (local.get $r0))
            (local.set $v (i32x4.splat (i32.and (i32.trunc_sat_f64_s (f64.load (i32.add (local.get $val) (i32.shl (local.get $i) (i32.const 3))))) (i32.const 0xffff))))))
        (local.set $x0 (v128.load offset=0 (local.get $r0)))
        (local.set $x1 (v128.load offset=0 (local.get $r1)))
        (local.set $s0 (i32x4.add (local.get $s0) (i32x4.dot_i16x8_s (local.get $v) (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $x0) (local.get $x1)))))
        (local.set $s1 (i32x4.add (local.get $s1) (i32x4.dot_i16x8_s (local.get $v) (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $x0) (local.get $x1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $nextPair)))
    (call $store4 (i32.add (local.get $out) (i32.const 0)) (local.get $s0))
    (call $store4 (i32.add (local.get $out) (i32.const 32)) (local.get $s1)))
  ;; Four int32 lanes as four float64s at $out.
  (func $store4 (param $out i32) (param $s v128)
    (v128.store offset=0 (local.get $out) (f64x2.convert_low_i32x4_s (local.get $s)))
    (v128.store offset=16 (local.get $out) (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $s) (local.get $s)))))
)
