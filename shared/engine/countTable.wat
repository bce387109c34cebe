;; The hot loop of groundingSummary.ts `addNumbers` in WebAssembly: adding cells (a grounding count,
;; a number of circuits) into the summary's open-addressing table of (key, circuits) float64 slots.
;; A large table misses the caches on nearly every probe; this loop has no bounds checks and is
;; short enough for the processor to keep several probes in flight (the JavaScript loop was about
;; 1.5 times slower on the cells of a k = 6 slice). Everything that is not a plain addition to a
;; present count (a new count, a number of circuits past 2^53 - 1) goes back to the caller, which
;; handles that one cell in JavaScript and calls again from the next.
;; Compiled by scripts/build-wasm.mjs into countTableBytes.ts.
(module
  (import "env" "memory" (memory 1))
  ;; Circuits added by the last call (a safe integer).
  (global $added (export "added") (mut f64) (f64.const 0))
  ;; Cells from..n of values (float64s at byte $vals) times $scale, with circuits (float64s at byte
  ;; $circ) times $times, into the table at byte $table of $mask + 1 slots. Returns the first cell
  ;; not added (n when every one was); cells whose circuits are 0 are skipped.
  (func (export "add") (param $vals i32) (param $circ i32) (param $from i32) (param $n i32) (param $scale f64) (param $times f64) (param $table i32) (param $mask i32) (result i32)
    (local $i i32) (local $v f64) (local $c f64) (local $bits i64) (local $h i32) (local $at i32) (local $wrap i32)
    (local $before f64) (local $after f64) (local $added f64)
    (local.set $i (local.get $from))
    ;; Byte offsets within the table wrap with this mask (slots are 16 bytes).
    (local.set $wrap (i32.or (i32.shl (local.get $mask) (i32.const 4)) (i32.const 15)))
    (block $out
      (loop $next
        (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $c (f64.mul (f64.load (i32.add (local.get $circ) (i32.shl (local.get $i) (i32.const 3)))) (local.get $times)))
        (if (f64.ne (local.get $c) (f64.const 0))
          (then
            ;; Adding 0 turns -0 into 0, which hashes apart from -0.
            (local.set $v (f64.add (f64.mul (f64.load (i32.add (local.get $vals) (i32.shl (local.get $i) (i32.const 3)))) (local.get $scale)) (f64.const 0)))
            ;; countTable.ts hashOf, bit for bit: both sides probe the same slots.
            (local.set $bits (i64.reinterpret_f64 (local.get $v)))
            (local.set $h (i32.mul (i32.xor (i32.wrap_i64 (local.get $bits)) (i32.mul (i32.wrap_i64 (i64.shr_u (local.get $bits) (i64.const 32))) (i32.const 0x9e3779b1))) (i32.const 0x85ebca6b)))
            (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))))
            (local.set $h (i32.xor (i32.mul (local.get $h) (i32.const 0xc2b2ae35)) (i32.shr_u (local.get $h) (i32.const 16))))
            (local.set $at (i32.shl (i32.and (local.get $h) (local.get $mask)) (i32.const 4)))
            (block $found
              (loop $probe
                (local.set $before (f64.load offset=8 (i32.add (local.get $table) (local.get $at))))
                (if (f64.eq (local.get $before) (f64.const 0))
                  (then (global.set $added (local.get $added)) (return (local.get $i))))
                (br_if $found (f64.eq (f64.load (i32.add (local.get $table) (local.get $at))) (local.get $v)))
                (local.set $at (i32.and (i32.add (local.get $at) (i32.const 16)) (local.get $wrap)))
                (br $probe)))
            ;; Past 2^53 - 1 (or a bigint's Infinity) the caller keeps the number exact.
            (local.set $after (f64.add (local.get $before) (local.get $c)))
            (if (i32.or
                  (i32.eqz (f64.le (local.get $after) (f64.const 9007199254740991)))
                  (i32.eqz (f64.le (f64.add (local.get $added) (local.get $c)) (f64.const 9007199254740991))))
              (then (global.set $added (local.get $added)) (return (local.get $i))))
            (f64.store offset=8 (i32.add (local.get $table) (local.get $at)) (local.get $after))
            (local.set $added (f64.add (local.get $added) (local.get $c)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (global.set $added (local.get $added))
    (local.get $n)))
