"""Orbit-counting engines (private): one module per engine family, plus the selection policy.

Public entry points live in :mod:`symorbit.orbits.counting`; :mod:`.select` decides which
engine answers a question and refuses oversized ones before any work starts.

=========== =============================================================================
engine      method
=========== =============================================================================
reference   enumerate the distinct orbit, exact Fraction arithmetic (obviously correct)
vectorised  integer-scaled DFS over prefixes and a numpy table of suffix arrangements
pruning     as vectorised, plus rearrangement-inequality bounds at every prefix
blocks      coordinates interchangeable in every group form blocks; enumerate how the
            reward's multiset splits over the blocks, weighted by arrangements
topwalk     one-hot groups: closed forms walking the reward's sorted values
mitm        meet in the middle over a split of the coordinates, with suffix bitsets
maxima      the same splits; each set's maximum formed vector by vector over a block of
            arrangements (numpy), then the signs counted: work per vector, not per pair
compiled    as maxima, in a compiled loop (numba, the fast extra)
=========== =============================================================================

:mod:`.dominance` drops vectors that never change their set's maximum before any engine but
reference and topwalk runs.
"""

__all__: list[str] = []
