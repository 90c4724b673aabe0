//! KV cell accounting for the shared pool: which cells each sequence holds, so the scheduler can
//! tell how many are free before it admits a sequence (llama.cpp exposes no count of used cells).
//!
//! In the shared layout (`kv_unified`), copying a sequence's prefix to another tags the same
//! cells with both sequences (no new cells), a decoded token takes one new cell, and removing a
//! range from a sequence frees the cells no other sequence still holds. This module mirrors
//! exactly those three operations; the scheduler calls it beside every KV call it makes.

use std::collections::HashMap;

/// Cells held by each sequence, position by position, with a holder count per cell.
#[derive(Debug, Clone, Default)]
pub(super) struct Cells {
    held: Vec<Vec<u32>>,
    holders: HashMap<u32, u32>,
    next_id: u32,
}

impl Cells {
    pub fn new(n_seq: usize) -> Self {
        Self {
            held: vec![Vec::new(); n_seq],
            ..Self::default()
        }
    }

    /// Cells in use by any sequence.
    pub fn used(&self) -> usize {
        self.holders.len()
    }

    /// Cells sequence `seq` alone holds from position `from` on: what `truncate(seq, from)` frees.
    pub fn freed_by_truncate(&self, seq: usize, from: usize) -> usize {
        self.held[seq]
            .iter()
            .skip(from)
            .filter(|id| self.holders.get(id).copied() == Some(1))
            .count()
    }

    /// Drop sequence `seq`'s cells from position `keep` on.
    pub fn truncate(&mut self, seq: usize, keep: usize) {
        if keep >= self.held[seq].len() {
            return;
        }
        for id in self.held[seq].split_off(keep) {
            self.release(id);
        }
    }

    /// Sequence `dst` holds what `src` holds (a whole-sequence copy; `dst` is empty first).
    pub fn copy(&mut self, src: usize, dst: usize) {
        self.truncate(dst, 0);
        let ids = self.held[src].clone();
        for id in &ids {
            *self.holders.entry(*id).or_insert(0) += 1;
        }
        self.held[dst] = ids;
    }

    /// Sequence `seq` decoded `n` more tokens, each in a new cell.
    pub fn push(&mut self, seq: usize, n: usize) {
        for _ in 0..n {
            let id = self.next_id;
            self.next_id = self.next_id.wrapping_add(1);
            self.holders.insert(id, 1);
            self.held[seq].push(id);
        }
    }

    /// Sequence `to` takes over what `from` holds (`from` ends empty; `to` was empty).
    pub fn transfer(&mut self, from: usize, to: usize) {
        self.truncate(to, 0);
        self.held[to] = std::mem::take(&mut self.held[from]);
    }

    fn release(&mut self, id: u32) {
        if let Some(count) = self.holders.get_mut(&id) {
            *count -= 1;
            if *count == 0 {
                self.holders.remove(&id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Cells;

    #[test]
    fn copied_prefixes_are_counted_once_and_freed_with_their_last_holder() {
        let mut cells = Cells::new(3);
        cells.push(0, 100);
        cells.copy(0, 1);
        cells.truncate(1, 80);
        assert_eq!(cells.used(), 100, "a copy shares the cells");
        cells.push(1, 10);
        assert_eq!(cells.used(), 110);
        assert_eq!(cells.freed_by_truncate(0, 80), 20);
        assert_eq!(
            cells.freed_by_truncate(0, 0),
            20,
            "80 cells are still seq 1's"
        );
        cells.truncate(0, 0);
        assert_eq!(cells.used(), 90);
        cells.transfer(1, 2);
        assert_eq!(cells.used(), 90);
        cells.truncate(2, 0);
        assert_eq!(cells.used(), 0);
    }
}
