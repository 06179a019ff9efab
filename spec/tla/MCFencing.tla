----------------------------- MODULE MCFencing -----------------------------
(***************************************************************************)
(* Model-checking bounds for Fencing.  The protocol module holds no        *)
(* bounds; every MC_fencing*.cfg picks its constants here.                 *)
(***************************************************************************)
EXTENDS Fencing, TLC

CONSTANTS
    MaxSeq,        \* frames a VM may emit on one host
    MaxEpoch,      \* epochs a host may open per VM
    MaxFailovers   \* witness generations granted beyond the first pair's

ASSUME BoundsOK ==
    /\ MaxSeq \in Nat \ {0}
    /\ MaxEpoch \in Nat \ {0}
    /\ MaxFailovers \in Nat

\* Checkpointing VMs are interchangeable (safety models only).
Symmetry == Permutations(CkptVMs)

\* Every claim the witness grants and every join it registers raises its
\* generation by one: a failover and the re-protection after it take two.
\* VmEmit and the epochs are cut as in MCOutputCommit; cutting the
\* generations cuts claims and joins, which are fair: a behaviour stuck at
\* the cut is unfair, never a reported lasso.
Bounded ==
    /\ \A h \in Hosts, v \in CkptVMs : vmSeq[h][v] <= MaxSeq /\ epoch[h][v] <= MaxEpoch
    /\ witness.gen <= 1 + 2 * MaxFailovers

=============================================================================
