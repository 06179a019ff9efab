--------------------------- MODULE MCOutputCommit ---------------------------
(***************************************************************************)
(* Model-checking bounds and abstractions for OutputCommit.  The protocol  *)
(* module holds no bounds; every MC_*.cfg picks its constants here.        *)
(***************************************************************************)
EXTENDS OutputCommit, TLC

CONSTANTS
    MaxSeq,     \* frames each VM may emit
    MaxEpoch,   \* epochs each checkpointing VM may open
    MaxQueue    \* longest transmit queue explored

ASSUME BoundsOK ==
    /\ MaxSeq \in Nat \ {0}
    /\ MaxEpoch \in Nat \ {0}
    /\ MaxQueue \in Nat \ {0}

\* VMs of one class are interchangeable (safety models only: symmetry is
\* unsound for liveness).
Symmetry == Permutations(CkptVMs) \cup Permutations(PlainVMs)

\* Bounded models: the VMs stop emitting, checkpoints stop opening epochs.
\* Cutting VmEmit is sound for liveness (it is not fair); a cut fair action
\* stays ENABLED, so TLC treats such a behaviour as unfair, not as a lasso.
Bounded ==
    /\ \A v \in VMs : vmSeq[v] <= MaxSeq
    /\ \A v \in CkptVMs : epoch[v] <= MaxEpoch
    /\ Len(txHigh) <= MaxQueue
    /\ Len(txNormal) <= MaxQueue

\* Liveness properties over the frames a bounded model can produce.
MCBufferedFramesReachWire == BufferedFramesReachWire(1..MaxSeq)
MCOrdinaryFramesProgress  == OrdinaryFramesProgress(1..MaxSeq)
MCOutputStartsCheckpoint  == OutputStartsCheckpoint(1..MaxSeq)

-----------------------------------------------------------------------------
(* Liveness with no bound on epochs.                                       *)
(*                                                                         *)
(* Bounded cuts the fair HacStartCheckpoint at MaxEpoch, so a bounded      *)
(* liveness model sees one or two checkpoints per VM and cannot tell       *)
(* "a commit releases every sealed epoch" from "a commit releases its own  *)
(* epoch" (which strands an aborted checkpoint's frames).  Here only       *)
(* VmEmit is bounded (it is not fair) and epochs grow freely; the graph is *)
(* finite because no action needs an epoch's number, only how it compares: *)
(* a buffered frame is sealed (epoch < epoch[v]) or open; a checkpoint in  *)
(* flight always has epoch epoch[v] - 1, so the acknowledged epoch covers  *)
(* exactly the sealed frames; and SecondaryApply's guard                   *)
(* committed[v].epoch < inflight[v].epoch only asks whether the            *)
(* checkpoint in flight was applied.  EpochFreeView keeps just that, so    *)
(* states with the same view are bisimilar.                                *)

EpochFreeView ==
    <<hostVars, vmSeq, txHigh, txNormal, wire, highStreak,
      [v \in CkptVMs |->
          <<[i \in DOMAIN buf[v] |-> <<buf[v][i].seq, buf[v][i].epoch < epoch[v]>>],
            <<inflight[v] # NoCkpt, inflight[v].seq>>,
            <<committed[v].seq, inflight[v] # NoCkpt /\ committed[v].epoch = inflight[v].epoch>>,
            acked[v] # NoAck>>]>>

\* Only the VMs' traffic is bounded; checkpoints go on for ever.
SeqBounded == \A v \in VMs : vmSeq[v] <= MaxSeq

\* With epochs unbounded, weak fairness alone lets the primary abort every
\* checkpoint before its acknowledgement is acted on, for ever, and a
\* buffered frame then never leaves (MC_abort_forever shows that lasso).
\* Frames reach the wire once aborts stop: the lost acknowledgements and
\* timeouts behind them are transient.
AbortsStop == <>[][\A v \in CkptVMs : ~HacAbortCheckpoint(v)]_vars
MCBufferedFramesReachWireOnceAbortsStop == AbortsStop => MCBufferedFramesReachWire

-----------------------------------------------------------------------------
(* Starvation: unbounded checkpointed traffic in a finite graph.           *)
(*                                                                         *)
(* Checkpointed traffic never stops, so vmSeq, epochs and the wire grow    *)
(* without bound.  Every action is invariant under shifting a              *)
(* checkpointing VM's seqs (and, separately, its epochs) by a constant,    *)
(* and no action reads the wire; so states that agree on the numbers       *)
(* relative to vmSeq[v] and epoch[v] are bisimilar.  RelativeView is that  *)
(* quotient: TLC explores a finite graph whose infinite paths are the      *)
(* spec's behaviours.  Ordinary VMs' numbers and wire entries are kept     *)
(* absolute (they are bounded by MaxSeq) because the property reads them.  *)

Rel(v, c) == [seq |-> vmSeq[v] - c.seq, epoch |-> epoch[v] - c.epoch]

RelativeView ==
    <<hostVars, highStreak, txNormal, [p \in PlainVMs |-> vmSeq[p]],
      SelectSeq(wire, LAMBDA f : f.vm \in PlainVMs),
      [v \in CkptVMs |->
          <<[i \in DOMAIN buf[v] |-> Rel(v, buf[v][i])],
            IF inflight[v] = NoCkpt THEN NoCkpt ELSE Rel(v, inflight[v]),
            Rel(v, committed[v]),
            IF acked[v] = NoAck THEN NoAck ELSE epoch[v] - acked[v] >> ],
      [i \in DOMAIN txHigh |->
          IF txHigh[i].vm \in CkptVMs
          THEN <<txHigh[i].vm, vmSeq[txHigh[i].vm] - txHigh[i].seq>>
          ELSE txHigh[i] ] >>

\* Only the ordinary VMs are bounded; checkpointed traffic is not.
OrdinaryBounded ==
    /\ \A p \in PlainVMs : vmSeq[p] <= MaxSeq
    /\ Len(txHigh) <= MaxQueue

\* No failures: starvation is a property of the scheduler, and the view's
\* bisimulation argument covers the protocol actions.
StarvationSpec ==
    /\ Init /\ [][ProtocolNext]_vars
    /\ \A v \in CkptVMs :
        /\ WF_vars(SecondaryApply(v))
        /\ WF_vars(PrimaryReceiveAck(v))
    /\ WF_vars(NicTransmit)

=============================================================================
