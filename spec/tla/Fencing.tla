------------------------------- MODULE Fencing -------------------------------
(***************************************************************************)
(* Output commit under imperfect failure detection, with a witness, a      *)
(* primary lease and re-protection by a joining secondary.                 *)
(*                                                                         *)
(* OutputCommit.tla decides failures on the truth (PrimaryDetect-          *)
(* SecondaryLoss is enabled only when the secondary is down).  Here a host *)
(* only suspects its peer: the replication link can be cut and healed, a   *)
(* host can pause and resume, and every timeout runs on the host's own     *)
(* clock.  Two hosts; either may run the VMs, roles flip as hosts fail and *)
(* rejoin.  The rules:                                                     *)
(*  - Lease: a protected primary's NIC lets a checkpointing VM's released  *)
(*    frames out only while its lease holds.  A heartbeat answered by its  *)
(*    secondary renews it for Lease ticks of the primary's clock, counted  *)
(*    from the heartbeat's sending (here: delivery is instantaneous).      *)
(*  - Witness: an atomic register holding the newest generation granted.   *)
(*    A claim by a host of generation g wins iff nothing newer than g was  *)
(*    granted, and then grants g + 1 to it: the first claim of a           *)
(*    generation wins, claims of older generations lose.                   *)
(*  - A primary whose lease ran out claims: WON -> unprotected (release    *)
(*    every buffer, go on); LOST -> halt (discard the NIC's contents,      *)
(*    transmit nothing more); UNREACHABLE -> no step: it stays protected   *)
(*    and keeps buffering (backpressure) until the witness answers.        *)
(*  - A secondary silent for Lease ticks claims; it takes over only after  *)
(*    it won AND its peer has been silent for TakeoverWait = Lease +       *)
(*    MaxDrift + MaxPause ticks of its own clock.  LOST -> halt.           *)
(*  - Re-protection: an empty (restarted) host joins the host that runs    *)
(*    the VMs.  The join registers a new generation with the witness (a    *)
(*    claim: refused if a newer generation exists, so a deposed primary    *)
(*    cannot re-protect), seals every VM in a full copy and buffers from   *)
(*    then on; once every full copy is applied and acknowledged the pair   *)
(*    is protected again.  Messages of another generation are refused.     *)
(*                                                                         *)
(* Time: Tick is one tick of real time; every clock advances by one.       *)
(* ClockDrift(h) advances h's clock alone: since the last renewal a clock  *)
(* has gained at most MaxDrift ticks on real time (drift[h]), so the two   *)
(* clocks differ by at most MaxDrift.  Clocks never run slower than real   *)
(* time (a choice of time unit: a rate bound turned into a bound over the  *)
(* interval a lease spans).  A running host's steps take no time: a        *)
(* frame its NIC took past the lease check (nicOut) is on the wire before  *)
(* the next tick; a paused host keeps it for at most MaxPause ticks.  That *)
(* gap between the check and the send is what MaxPause bounds.            *)
(*                                                                         *)
(* Left out, on purpose:                                                   *)
(*  - ordinary (non-checkpointing) VMs, byte limits, bypass scheduling and *)
(*    the drop/early overflow policies: OutputCommit.tla covers them, and  *)
(*    fencing only decides which host may send a checkpointing VM's        *)
(*    frames (the overflow policy here is backpressure);                   *)
(*  - message delay and reordering: messages are delivered at once or not *)
(*    at all (link cut).  A delayed heartbeat answer only shortens the     *)
(*    lease, which counts from the sending;                                *)
(*  - more than two hosts, and a joiner that takes over before its join    *)
(*    completed (it never claims: it has no complete state);               *)
(*  - the witness's own failures other than unreachability: its register  *)
(*    is durable (the implementation syncs it before answering).           *)
(* Model bounds live in MCFencing.tla, never here.                         *)
(*                                                                         *)
(* Variables (names shared with the event log of the live processes):     *)
(*  role[h]        "primary" (protected), "unprotected", "syncing"         *)
(*                 (primary during a join), "secondary", "joining",        *)
(*                 "empty" (restarted, no state), "down" (crashed/halted)  *)
(*  gen[h]         generation host h belongs to (0: none)                  *)
(*  witness        the witness register [gen, owner]: newest generation    *)
(*                 granted and the host that claimed it (NoOwner when a    *)
(*                 join registered it)                                     *)
(*  lease[h]       primary: ticks of its clock its lease has left (0:      *)
(*                 expired)                                                *)
(*  silence[h]     secondary/joiner: ticks of its clock since it last      *)
(*                 heard its primary (saturates at TakeoverWait)           *)
(*  drift[h]       ticks h's clock gained on real time since the last     *)
(*                 renewal                                                 *)
(*  paused[h]      host h is paused (SIGSTOP, GC): it takes no step        *)
(*  pauseAge[h]    ticks h spent paused since it last ran through a tick  *)
(*  link           the replication link carries messages                   *)
(*  witnessLink[h] host h reaches the witness                              *)
(*  vmSeq[h][v]    frames VM v has emitted on host h (its state there)     *)
(*  epoch[h][v]    open epoch of VM v on host h                            *)
(*  inflight[h][v] checkpoint of v in flight from h [epoch, seq, full]     *)
(*  acked[h][v]    acknowledged epoch h has not acted on yet, or 0         *)
(*  committed[h][v] last checkpoint of v applied on h [epoch, seq]         *)
(*  buf[h][v]      frames of v held in h's NIC [seq, epoch]                *)
(*  txq[h]         released frames queued in h's NIC [vm, seq]             *)
(*  nicOut[h]      the frame h's NIC took past the lease check (<<>> or    *)
(*                 one frame)                                              *)
(*  wire           the one wire both NICs feed, as the clients see it      *)
(*                                                                         *)
(* Actions (arguments: h, p, s hosts; v a VM; o an order of the VMs):      *)
(*  VmEmit(h, v)              VM v on h sends a frame (buffered, or queued *)
(*                            when unprotected)                            *)
(*  HacStartCheckpoint(h, v)  primary seals v's epoch and ships it         *)
(*  SecondaryApply(s, v)      s applies v's checkpoint in flight and acks  *)
(*  PrimaryReceiveAck(h, v)   h releases v's sealed frames acked           *)
(*  HacAbortCheckpoint(h, v)  h gives up on v's checkpoint in flight       *)
(*  NicDequeue(h)             h's NIC takes the next released frame past   *)
(*                            the lease check                              *)
(*  NicTransmit(h)            h's NIC puts that frame on the wire          *)
(*  PrimaryRenewLease(p)      heartbeat answered: lease and peer's silence *)
(*                            reset                                        *)
(*  PrimaryClaimWitness(p)    lease expired: claim; WON keeps p primary    *)
(*                            under the new generation, LOST halts p       *)
(*  PrimaryGoUnprotected(p, o) p won: release every buffer (order o), run  *)
(*                            unprotected                                  *)
(*  SecondaryClaimWitness(s)  silent peer: claim; LOST halts s             *)
(*  SecondaryTakeover(s)      s won and its peer was silent TakeoverWait:  *)
(*                            restore from committed, run unprotected      *)
(*  SecondaryJoin(s)          empty/joining s joins its peer p: new        *)
(*                            generation registered, full copies sealed   *)
(*  PrimaryProtect(p)         every full copy applied and acked: the pair  *)
(*                            is protected again                           *)
(*  PrimaryDropJoiner(p, o)   joiner silent: release (order o), run        *)
(*                            unprotected                                  *)
(*  HostCrash(h)              h dies: its NIC's contents vanish            *)
(*  HostRestart(h)            a dead host restarts empty                   *)
(*  HostPause(h) / HostResume(h)   h stops / resumes taking steps          *)
(*  LinkCut / LinkHeal        replication link partitioned / healed        *)
(*  WitnessLinkCut(h) / WitnessLinkHeal(h)   h loses / regains the witness *)
(*  Tick                      one tick of real time on every clock         *)
(*  ClockDrift(h)             h's clock gains one tick on real time       *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    Hosts,          \* the two hosts
    FirstPrimary,   \* the host that runs the VMs at the start
    NoOwner,        \* witness owner of a generation a join registered
    CkptVMs,        \* VMs protected by checkpointing
    Cap,            \* NIC buffer limit per VM, in frames
    Lease,          \* ticks of the primary's clock a renewal grants
    MaxDrift,       \* bound on the clocks' relative drift since a renewal
    MaxPause        \* bound on a pause, in ticks of real time

ASSUME ConstantsOK ==
    /\ Cardinality(Hosts) = 2
    /\ FirstPrimary \in Hosts
    /\ NoOwner \notin Hosts
    /\ CkptVMs # {}
    /\ Cap \in Nat \ {0}
    /\ Lease \in Nat \ {0}
    /\ MaxDrift \in Nat
    /\ MaxPause \in Nat

\* A secondary takes over only after this much silence on its own clock:
\* the primary's lease has then expired and a frame it took past the check
\* before a pause is on the wire.
TakeoverWait == Lease + MaxDrift + MaxPause

Peer(h) == CHOOSE x \in Hosts : x # h

VARIABLES
    role, gen, witness, lease, silence, drift, paused, pauseAge, link,
    witnessLink, vmSeq, epoch, inflight, acked, committed, buf, txq,
    nicOut, wire

fenceVars == <<role, gen, witness, lease, silence, drift>>
faultVars == <<paused, pauseAge, link, witnessLink>>
ckptVars  == <<vmSeq, epoch, inflight, acked, committed>>
nicVars   == <<buf, txq, nicOut>>
vars      == <<fenceVars, faultVars, ckptVars, nicVars, wire>>

-----------------------------------------------------------------------------
(* Values *)

Roles       == {"primary", "unprotected", "syncing", "secondary", "joining", "empty", "down"}
RunsVMs     == {"primary", "unprotected", "syncing"}   \* roles that run the VMs
Standby     == {"secondary", "joining"}                \* roles that receive checkpoints
Inflight    == [epoch : Nat, seq : Nat, full : BOOLEAN]
Checkpoint  == [epoch : Nat, seq : Nat]
NoInflight  == [epoch |-> 0, seq |-> 0, full |-> FALSE]
Boot        == [epoch |-> 0, seq |-> 0]   \* the VM's boot image: what a fresh pair shares
NoAck       == 0
BufFrame    == [seq : Nat \ {0}, epoch : Nat \ {0}]
TxFrame     == [vm : CkptVMs, seq : Nat \ {0}]

Running(h) == role[h] # "down" /\ ~paused[h]

\* The witness grants h's claim: no generation newer than h's was granted.
Grants(h) == witness.gen <= gen[h]

\* h won the witness for its current generation.
Won(h) == witness = [gen |-> gen[h], owner |-> h]

\* The lease check the NIC makes before a protected primary's frame leaves.
LeaseHolds(h) == lease[h] > 0

Sealed(h, v, e)   == SelectSeq(buf[h][v], LAMBDA f : f.epoch <= e)
Unsealed(h, v, e) == SelectSeq(buf[h][v], LAMBDA f : f.epoch > e)
ToTx(v, fs)       == [i \in DOMAIN fs |-> [vm |-> v, seq |-> fs[i].seq]]

Orders(S) == {o \in [1..Cardinality(S) -> S] : \A i, j \in DOMAIN o : i # j => o[i] # o[j]}

RECURSIVE Drain(_, _)
Drain(h, o) == IF o = <<>> THEN <<>>
               ELSE ToTx(Head(o), buf[h][Head(o)]) \o Drain(h, Tail(o))

\* Host h's NIC and checkpoint pipeline emptied (crash, halt, release).
NoBufs      == [v \in CkptVMs |-> <<>>]
NoInflights == [v \in CkptVMs |-> NoInflight]
NoAcks      == [v \in CkptVMs |-> NoAck]

-----------------------------------------------------------------------------
(* Initial state: a protected pair of generation 1 that has just renewed   *)
(* the lease; both hosts booted the VMs' image.                            *)

Init ==
    /\ role = [h \in Hosts |-> IF h = FirstPrimary THEN "primary" ELSE "secondary"]
    /\ gen = [h \in Hosts |-> 1]
    /\ witness = [gen |-> 1, owner |-> NoOwner]
    /\ lease = [h \in Hosts |-> IF h = FirstPrimary THEN Lease ELSE 0]
    /\ silence = [h \in Hosts |-> 0]
    /\ drift = [h \in Hosts |-> 0]
    /\ paused = [h \in Hosts |-> FALSE]
    /\ pauseAge = [h \in Hosts |-> 0]
    /\ link = TRUE
    /\ witnessLink = [h \in Hosts |-> TRUE]
    /\ vmSeq = [h \in Hosts |-> [v \in CkptVMs |-> 0]]
    /\ epoch = [h \in Hosts |-> [v \in CkptVMs |-> 1]]
    /\ inflight = [h \in Hosts |-> NoInflights]
    /\ acked = [h \in Hosts |-> NoAcks]
    /\ committed = [h \in Hosts |-> [v \in CkptVMs |-> Boot]]
    /\ buf = [h \in Hosts |-> NoBufs]
    /\ txq = [h \in Hosts |-> <<>>]
    /\ nicOut = [h \in Hosts |-> <<>>]
    /\ wire = <<>>

-----------------------------------------------------------------------------
(* The data plane: OutputCommit's actions, on the host that runs them.     *)

\* VM v on host h sends a frame: buffered in its open epoch unless h runs
\* unprotected; a full buffer stalls the VM (backpressure).
VmEmit(h, v) ==
    /\ Running(h) /\ role[h] \in RunsVMs
    /\ IF role[h] = "unprotected"
       THEN /\ txq' = [txq EXCEPT ![h] = Append(@, [vm |-> v, seq |-> vmSeq[h][v] + 1])]
            /\ UNCHANGED buf
       ELSE /\ Len(buf[h][v]) < Cap
            /\ buf' = [buf EXCEPT ![h][v] = Append(@, [seq |-> vmSeq[h][v] + 1, epoch |-> epoch[h][v]])]
            /\ UNCHANGED txq
    /\ vmSeq' = [vmSeq EXCEPT ![h][v] = @ + 1]
    /\ UNCHANGED <<fenceVars, faultVars, epoch, inflight, acked, committed, nicOut, wire>>

\* The protected primary seals v's open epoch and ships the increment.  Not
\* past its lease: its secondary has been silent, the checkpoint would not
\* be applied.
HacStartCheckpoint(h, v) ==
    /\ Running(h) /\ role[h] = "primary" /\ lease[h] > 0
    /\ inflight[h][v] = NoInflight /\ acked[h][v] = NoAck
    /\ inflight' = [inflight EXCEPT ![h][v] = [epoch |-> epoch[h][v], seq |-> vmSeq[h][v], full |-> FALSE]]
    /\ epoch' = [epoch EXCEPT ![h][v] = @ + 1]
    /\ UNCHANGED <<fenceVars, faultVars, vmSeq, acked, committed, nicVars, wire>>

\* s applies v's checkpoint from its peer of the same generation and acks.
\* A secondary holds the VM's earlier state, so an increment completes it;
\* a joiner holds nothing, so an increment alone gives it a VM without the
\* state before the increment (shown as a VM that emitted nothing): only a
\* full copy makes a joiner's state whole.
SecondaryApply(s, v) ==
    LET p == Peer(s)
        k == inflight[p][v]
    IN /\ Running(s) /\ role[s] \in Standby /\ link
       /\ role[p] \in {"primary", "syncing"} /\ gen[p] = gen[s]
       /\ k # NoInflight
       /\ committed[s][v].epoch < k.epoch
       /\ committed' = [committed EXCEPT ![s][v] =
                          [epoch |-> k.epoch,
                           seq |-> IF k.full \/ role[s] = "secondary" THEN k.seq ELSE 0]]
       /\ acked' = [acked EXCEPT ![p][v] = k.epoch]
       /\ UNCHANGED <<fenceVars, faultVars, vmSeq, epoch, inflight, nicVars, wire>>

\* h acts on the acknowledgement: the frames of every sealed epoch it
\* covers are released, in order.
PrimaryReceiveAck(h, v) ==
    /\ Running(h) /\ role[h] \in {"primary", "syncing"}
    /\ acked[h][v] # NoAck
    /\ txq' = [txq EXCEPT ![h] = @ \o ToTx(v, Sealed(h, v, acked[h][v]))]
    /\ buf' = [buf EXCEPT ![h][v] = Unsealed(h, v, acked[h][v])]
    /\ inflight' = [inflight EXCEPT ![h][v] = NoInflight]
    /\ acked' = [acked EXCEPT ![h][v] = NoAck]
    /\ UNCHANGED <<fenceVars, faultVars, vmSeq, epoch, committed, nicOut, wire>>

\* The protected primary gives up on v's checkpoint (timeout, lost ack).
HacAbortCheckpoint(h, v) ==
    /\ Running(h) /\ role[h] = "primary"
    /\ inflight[h][v] # NoInflight
    /\ inflight' = [inflight EXCEPT ![h][v] = NoInflight]
    /\ acked' = [acked EXCEPT ![h][v] = NoAck]
    /\ UNCHANGED <<fenceVars, faultVars, vmSeq, epoch, committed, nicVars, wire>>

\* h's NIC takes the next released frame for the wire: a protected primary's
\* only while its lease holds; the witness's winner's at any time.
NicDequeue(h) ==
    /\ Running(h) /\ role[h] \in RunsVMs
    /\ txq[h] # <<>> /\ nicOut[h] = <<>>
    /\ role[h] # "primary" \/ LeaseHolds(h)
    /\ nicOut' = [nicOut EXCEPT ![h] = <<Head(txq[h])>>]
    /\ txq' = [txq EXCEPT ![h] = Tail(@)]
    /\ UNCHANGED <<fenceVars, faultVars, ckptVars, buf, wire>>

\* h's NIC puts the frame it took on the wire.
NicTransmit(h) ==
    /\ Running(h)
    /\ nicOut[h] # <<>>
    /\ wire' = wire \o nicOut[h]
    /\ nicOut' = [nicOut EXCEPT ![h] = <<>>]
    /\ UNCHANGED <<fenceVars, faultVars, ckptVars, buf, txq>>

-----------------------------------------------------------------------------
(* Fencing: lease, witness, takeover.                                      *)

\* A heartbeat of p's generation is answered: p's lease runs again for
\* Lease ticks, its peer's silence restarts, the clocks' drift is measured
\* from here.
PrimaryRenewLease(p) ==
    LET s == Peer(p)
    IN /\ Running(p) /\ Running(s) /\ link
       /\ role[p] \in {"primary", "syncing"} /\ role[s] \in Standby
       /\ gen[s] = gen[p]
       /\ lease' = [lease EXCEPT ![p] = Lease]
       /\ silence' = [silence EXCEPT ![s] = 0]
       /\ drift' = [x \in Hosts |-> 0]
       /\ UNCHANGED <<role, gen, witness, faultVars, ckptVars, nicVars, wire>>

\* p's lease ran out (its peer was silent): p claims the witness.  WON:
\* p holds the next generation (its peer's messages are refused from now
\* on) and goes unprotected next.  LOST: p halts, discarding its NIC's
\* contents.  The witness out of reach: no step, p keeps buffering.
PrimaryClaimWitness(p) ==
    /\ Running(p) /\ role[p] = "primary" /\ ~Won(p)
    /\ lease[p] = 0 /\ witnessLink[p]
    /\ IF Grants(p)
       THEN /\ witness' = [gen |-> gen[p] + 1, owner |-> p]
            /\ gen' = [gen EXCEPT ![p] = @ + 1]
            /\ UNCHANGED <<role, ckptVars, nicVars>>
       ELSE /\ role' = [role EXCEPT ![p] = "down"]
            /\ buf' = [buf EXCEPT ![p] = NoBufs]
            /\ txq' = [txq EXCEPT ![p] = <<>>]
            /\ nicOut' = [nicOut EXCEPT ![p] = <<>>]
            /\ inflight' = [inflight EXCEPT ![p] = NoInflights]
            /\ acked' = [acked EXCEPT ![p] = NoAcks]
            /\ UNCHANGED <<gen, witness, vmSeq, epoch, committed>>
    /\ UNCHANGED <<lease, silence, drift, faultVars, wire>>

\* p won: it releases every buffer, VM by VM in the order o, and runs
\* unprotected.
PrimaryGoUnprotected(p, o) ==
    /\ Running(p) /\ role[p] = "primary" /\ Won(p)
    /\ role' = [role EXCEPT ![p] = "unprotected"]
    /\ txq' = [txq EXCEPT ![p] = @ \o Drain(p, o)]
    /\ buf' = [buf EXCEPT ![p] = NoBufs]
    /\ inflight' = [inflight EXCEPT ![p] = NoInflights]
    /\ acked' = [acked EXCEPT ![p] = NoAcks]
    /\ UNCHANGED <<gen, witness, lease, silence, drift, faultVars, vmSeq, epoch, committed, nicOut, wire>>

\* s has heard nothing from its primary for a lease: it claims the
\* witness.  WON: it waits out TakeoverWait.  LOST: it halts.
SecondaryClaimWitness(s) ==
    /\ Running(s) /\ role[s] = "secondary" /\ ~Won(s)
    /\ silence[s] >= Lease /\ witnessLink[s]
    /\ IF Grants(s)
       THEN /\ witness' = [gen |-> gen[s] + 1, owner |-> s]
            /\ gen' = [gen EXCEPT ![s] = @ + 1]
            /\ UNCHANGED role
       ELSE /\ role' = [role EXCEPT ![s] = "down"]
            /\ UNCHANGED <<gen, witness>>
    /\ UNCHANGED <<lease, silence, drift, faultVars, ckptVars, nicVars, wire>>

\* s won and its peer has been silent for TakeoverWait: it restores every
\* VM from its last applied checkpoint and runs it unprotected; its NIC
\* takes over the VMs' addresses.
SecondaryTakeover(s) ==
    /\ Running(s) /\ role[s] = "secondary" /\ Won(s)
    /\ silence[s] >= TakeoverWait
    /\ role' = [role EXCEPT ![s] = "unprotected"]
    /\ vmSeq' = [vmSeq EXCEPT ![s] = [v \in CkptVMs |-> committed[s][v].seq]]
    /\ epoch' = [epoch EXCEPT ![s] = [v \in CkptVMs |-> committed[s][v].epoch + 1]]
    /\ UNCHANGED <<gen, witness, lease, silence, drift, faultVars, inflight, acked, committed, nicVars, wire>>

-----------------------------------------------------------------------------
(* Re-protection.                                                          *)

\* Host s, restarted empty (or starting its join over), joins its peer p,
\* which runs the VMs.  p registers the next generation with the witness
\* (refused if a newer one was granted: p is deposed), seals every VM in a
\* full copy of its current state and buffers from here on.  A checkpoint
\* p had in flight is superseded by the full copy.
SecondaryJoin(s) ==
    LET p == Peer(s)
    IN /\ Running(s) /\ Running(p) /\ link /\ witnessLink[p]
       /\ role[s] \in {"empty", "joining"} /\ role[p] \in RunsVMs
       /\ Grants(p)
       /\ witness' = [gen |-> gen[p] + 1, owner |-> NoOwner]
       /\ gen' = [gen EXCEPT ![p] = @ + 1, ![s] = gen[p] + 1]
       /\ role' = [role EXCEPT ![p] = "syncing", ![s] = "joining"]
       /\ lease' = [lease EXCEPT ![p] = Lease]
       /\ silence' = [silence EXCEPT ![s] = 0]
       /\ drift' = [x \in Hosts |-> 0]
       /\ inflight' = [inflight EXCEPT ![p] =
                          [v \in CkptVMs |-> [epoch |-> epoch[p][v], seq |-> vmSeq[p][v], full |-> TRUE]]]
       /\ epoch' = [epoch EXCEPT ![p] = [v \in CkptVMs |-> @[v] + 1]]
       /\ acked' = [acked EXCEPT ![p] = NoAcks]
       /\ committed' = [committed EXCEPT ![s] = [v \in CkptVMs |-> Boot]]
       /\ UNCHANGED <<faultVars, vmSeq, nicVars, wire>>

\* Every full copy is applied on the joiner and its acknowledgement acted
\* on: the pair is protected again under the join's generation.
PrimaryProtect(p) ==
    LET s == Peer(p)
    IN /\ Running(p) /\ Running(s) /\ link
       /\ role[p] = "syncing" /\ role[s] = "joining" /\ gen[s] = gen[p]
       /\ \A v \in CkptVMs : committed[s][v] # Boot /\ inflight[p][v] = NoInflight
       /\ role' = [role EXCEPT ![p] = "primary", ![s] = "secondary"]
       /\ lease' = [lease EXCEPT ![p] = Lease]
       /\ silence' = [silence EXCEPT ![s] = 0]
       /\ drift' = [x \in Hosts |-> 0]
       /\ UNCHANGED <<gen, witness, faultVars, ckptVars, nicVars, wire>>

\* The joiner went silent before the join completed: p releases what it
\* buffered since the join (order o) and runs unprotected again.  No claim
\* is needed: a joiner never takes over.
PrimaryDropJoiner(p, o) ==
    /\ Running(p) /\ role[p] = "syncing" /\ lease[p] = 0
    /\ role' = [role EXCEPT ![p] = "unprotected"]
    /\ txq' = [txq EXCEPT ![p] = @ \o Drain(p, o)]
    /\ buf' = [buf EXCEPT ![p] = NoBufs]
    /\ inflight' = [inflight EXCEPT ![p] = NoInflights]
    /\ acked' = [acked EXCEPT ![p] = NoAcks]
    /\ UNCHANGED <<gen, witness, lease, silence, drift, faultVars, vmSeq, epoch, committed, nicOut, wire>>

-----------------------------------------------------------------------------
(* Faults.                                                                 *)

\* h dies: its NIC's contents and its checkpoint in flight vanish.
HostCrash(h) ==
    /\ role[h] # "down"
    /\ role' = [role EXCEPT ![h] = "down"]
    /\ paused' = [paused EXCEPT ![h] = FALSE]
    /\ pauseAge' = [pauseAge EXCEPT ![h] = 0]
    /\ buf' = [buf EXCEPT ![h] = NoBufs]
    /\ txq' = [txq EXCEPT ![h] = <<>>]
    /\ nicOut' = [nicOut EXCEPT ![h] = <<>>]
    /\ inflight' = [inflight EXCEPT ![h] = NoInflights]
    /\ acked' = [acked EXCEPT ![h] = NoAcks]
    /\ UNCHANGED <<gen, witness, lease, silence, drift, link, witnessLink, vmSeq, epoch, committed, wire>>

\* A dead host's process starts again, with no state and no generation.
HostRestart(h) ==
    /\ role[h] = "down"
    /\ role' = [role EXCEPT ![h] = "empty"]
    /\ gen' = [gen EXCEPT ![h] = 0]
    /\ lease' = [lease EXCEPT ![h] = 0]
    /\ silence' = [silence EXCEPT ![h] = 0]
    /\ vmSeq' = [vmSeq EXCEPT ![h] = [v \in CkptVMs |-> 0]]
    /\ epoch' = [epoch EXCEPT ![h] = [v \in CkptVMs |-> 1]]
    /\ committed' = [committed EXCEPT ![h] = [v \in CkptVMs |-> Boot]]
    /\ UNCHANGED <<witness, drift, faultVars, inflight, acked, nicVars, wire>>

\* h stops taking steps (SIGSTOP, a GC pause, a stalled hypervisor).
\* pauseAge counts the ticks h spent paused since it last ran through a
\* tick: a host resumed and paused again before the next tick does not
\* start afresh, so a frame its NIC took past the check leaves within
\* MaxPause ticks whatever the pauses in between.  MaxPause = 0: hosts do
\* not pause.
HostPause(h) ==
    /\ MaxPause > 0 /\ role[h] # "down" /\ ~paused[h]
    /\ paused' = [paused EXCEPT ![h] = TRUE]
    /\ UNCHANGED <<fenceVars, pauseAge, link, witnessLink, ckptVars, nicVars, wire>>

HostResume(h) ==
    /\ paused[h]
    /\ paused' = [paused EXCEPT ![h] = FALSE]
    /\ UNCHANGED <<fenceVars, pauseAge, link, witnessLink, ckptVars, nicVars, wire>>

LinkCut ==
    /\ link
    /\ link' = FALSE
    /\ UNCHANGED <<fenceVars, paused, pauseAge, witnessLink, ckptVars, nicVars, wire>>

LinkHeal ==
    /\ ~link
    /\ link' = TRUE
    /\ UNCHANGED <<fenceVars, paused, pauseAge, witnessLink, ckptVars, nicVars, wire>>

WitnessLinkCut(h) ==
    /\ witnessLink[h]
    /\ witnessLink' = [witnessLink EXCEPT ![h] = FALSE]
    /\ UNCHANGED <<fenceVars, paused, pauseAge, link, ckptVars, nicVars, wire>>

WitnessLinkHeal(h) ==
    /\ ~witnessLink[h]
    /\ witnessLink' = [witnessLink EXCEPT ![h] = TRUE]
    /\ UNCHANGED <<fenceVars, paused, pauseAge, link, ckptVars, nicVars, wire>>

-----------------------------------------------------------------------------
(* Time.                                                                   *)

\* One tick of h's clock: a primary's lease runs down, a standby's silence
\* grows (saturating: beyond TakeoverWait nothing changes).
LeaseAfterTick(h)   == IF role[h] \in {"primary", "syncing"} /\ lease[h] > 0 THEN lease[h] - 1 ELSE lease[h]
SilenceAfterTick(h) == IF role[h] \in Standby /\ silence[h] < TakeoverWait THEN silence[h] + 1 ELSE silence[h]

\* One tick of real time.  Not while a running host's NIC holds a frame it
\* took past the check (a running host's steps take no time), nor beyond a
\* pause's bound.
Tick ==
    /\ \A h \in Hosts : Running(h) => nicOut[h] = <<>>
    /\ \A h \in Hosts : paused[h] => pauseAge[h] < MaxPause
    /\ lease' = [h \in Hosts |-> LeaseAfterTick(h)]
    /\ silence' = [h \in Hosts |-> SilenceAfterTick(h)]
    /\ pauseAge' = [h \in Hosts |-> IF paused[h] THEN pauseAge[h] + 1 ELSE 0]
    /\ UNCHANGED <<role, gen, witness, drift, paused, link, witnessLink, ckptVars, nicVars, wire>>

\* h's clock gains a tick on real time, within the drift bound.  Only
\* where it moves a timer: elsewhere it changes nothing the rules read.
ClockDrift(h) ==
    /\ role[h] # "down" /\ drift[h] < MaxDrift
    /\ LeaseAfterTick(h) # lease[h] \/ SilenceAfterTick(h) # silence[h]
    /\ drift' = [drift EXCEPT ![h] = @ + 1]
    /\ lease' = [lease EXCEPT ![h] = LeaseAfterTick(h)]
    /\ silence' = [silence EXCEPT ![h] = SilenceAfterTick(h)]
    /\ UNCHANGED <<role, gen, witness, faultVars, ckptVars, nicVars, wire>>

-----------------------------------------------------------------------------
(* Specification *)

DataNext ==
    \E h \in Hosts, v \in CkptVMs :
        \/ VmEmit(h, v)
        \/ HacStartCheckpoint(h, v)
        \/ SecondaryApply(h, v)
        \/ PrimaryReceiveAck(h, v)
        \/ HacAbortCheckpoint(h, v)

NicNext == \E h \in Hosts : NicDequeue(h) \/ NicTransmit(h)

FenceNext ==
    \E h \in Hosts :
        \/ PrimaryRenewLease(h)
        \/ PrimaryClaimWitness(h)
        \/ \E o \in Orders(CkptVMs) : PrimaryGoUnprotected(h, o)
        \/ SecondaryClaimWitness(h)
        \/ SecondaryTakeover(h)

JoinNext ==
    \E h \in Hosts :
        \/ SecondaryJoin(h)
        \/ PrimaryProtect(h)
        \/ \E o \in Orders(CkptVMs) : PrimaryDropJoiner(h, o)

FaultNext ==
    \/ \E h \in Hosts :
        \/ HostCrash(h) \/ HostPause(h)
        \/ WitnessLinkCut(h) \/ WitnessLinkHeal(h)
    \/ LinkCut \/ LinkHeal

\* Not faults: a pause ends, a dead host's process is started again.
RecoveryNext == \E h \in Hosts : HostResume(h) \/ HostRestart(h)

TimeNext == Tick \/ \E h \in Hosts : ClockDrift(h)

\* Without re-protection: the setting OutputCommit.tla describes.
NextNoRejoin ==
    DataNext \/ NicNext \/ FenceNext \/ FaultNext \/ TimeNext \/ \E h \in Hosts : HostResume(h)

Next == DataNext \/ NicNext \/ FenceNext \/ JoinNext \/ FaultNext \/ RecoveryNext \/ TimeNext

\* Time passes, paused hosts resume, and every protocol step that stays
\* enabled is taken: checkpoints of buffered output, applies, acks,
\* transmissions, renewals, claims, takeovers, joins completing.  Faults
\* and joins starting are not fair.
Fairness ==
    /\ WF_vars(Tick)
    /\ \A h \in Hosts :
        /\ WF_vars(HostResume(h))
        /\ WF_vars(NicDequeue(h))
        /\ WF_vars(NicTransmit(h))
        /\ WF_vars(PrimaryRenewLease(h))
        /\ WF_vars(PrimaryClaimWitness(h))
        /\ WF_vars(\E o \in Orders(CkptVMs) : PrimaryGoUnprotected(h, o))
        /\ WF_vars(SecondaryClaimWitness(h))
        /\ WF_vars(SecondaryTakeover(h))
        /\ WF_vars(PrimaryProtect(h))
        /\ WF_vars(\E o \in Orders(CkptVMs) : PrimaryDropJoiner(h, o))
        /\ \A v \in CkptVMs :
            /\ WF_vars(HacStartCheckpoint(h, v) /\ buf[h][v] # <<>>)
            /\ WF_vars(SecondaryApply(h, v))
            /\ WF_vars(PrimaryReceiveAck(h, v))

Spec         == Init /\ [][Next]_vars
SpecNoRejoin == Init /\ [][NextNoRejoin]_vars
FairSpec     == Spec /\ Fairness
FairSpecNoRejoin == SpecNoRejoin /\ Fairness

-----------------------------------------------------------------------------
(* Actions by name *)

\* Every step of Next as a record: the action's name and its arguments, under
\* the names event logs use: h the host that takes the step (the p or s of
\* the action), v a VM, o an order of the VMs.  Next stays a disjunction of
\* the actions, so that TLC names each step after its action.
Steps ==
    [name : {"VmEmit", "HacStartCheckpoint", "SecondaryApply", "PrimaryReceiveAck",
             "HacAbortCheckpoint"}, h : Hosts, v : CkptVMs]
    \cup [name : {"NicDequeue", "NicTransmit", "PrimaryRenewLease", "PrimaryClaimWitness",
                  "SecondaryClaimWitness", "SecondaryTakeover", "SecondaryJoin", "PrimaryProtect",
                  "HostCrash", "HostRestart", "HostPause", "HostResume", "WitnessLinkCut",
                  "WitnessLinkHeal", "ClockDrift"}, h : Hosts]
    \cup [name : {"PrimaryGoUnprotected", "PrimaryDropJoiner"}, h : Hosts, o : Orders(CkptVMs)]
    \cup [name : {"LinkCut", "LinkHeal", "Tick"}]

\* The one dispatch from a step record to the action it names: trace
\* validation wraps the protocol's actions through it.
\* Next <=> \E s \in Steps : Step(s).
Step(s) ==
    CASE s.name = "VmEmit"                -> VmEmit(s.h, s.v)
      [] s.name = "HacStartCheckpoint"    -> HacStartCheckpoint(s.h, s.v)
      [] s.name = "SecondaryApply"        -> SecondaryApply(s.h, s.v)
      [] s.name = "PrimaryReceiveAck"     -> PrimaryReceiveAck(s.h, s.v)
      [] s.name = "HacAbortCheckpoint"    -> HacAbortCheckpoint(s.h, s.v)
      [] s.name = "NicDequeue"            -> NicDequeue(s.h)
      [] s.name = "NicTransmit"           -> NicTransmit(s.h)
      [] s.name = "PrimaryRenewLease"     -> PrimaryRenewLease(s.h)
      [] s.name = "PrimaryClaimWitness"   -> PrimaryClaimWitness(s.h)
      [] s.name = "PrimaryGoUnprotected"  -> PrimaryGoUnprotected(s.h, s.o)
      [] s.name = "SecondaryClaimWitness" -> SecondaryClaimWitness(s.h)
      [] s.name = "SecondaryTakeover"     -> SecondaryTakeover(s.h)
      [] s.name = "SecondaryJoin"         -> SecondaryJoin(s.h)
      [] s.name = "PrimaryProtect"        -> PrimaryProtect(s.h)
      [] s.name = "PrimaryDropJoiner"     -> PrimaryDropJoiner(s.h, s.o)
      [] s.name = "HostCrash"             -> HostCrash(s.h)
      [] s.name = "HostRestart"           -> HostRestart(s.h)
      [] s.name = "HostPause"             -> HostPause(s.h)
      [] s.name = "HostResume"            -> HostResume(s.h)
      [] s.name = "LinkCut"               -> LinkCut
      [] s.name = "LinkHeal"              -> LinkHeal
      [] s.name = "WitnessLinkCut"        -> WitnessLinkCut(s.h)
      [] s.name = "WitnessLinkHeal"       -> WitnessLinkHeal(s.h)
      [] s.name = "Tick"                  -> Tick
      [] s.name = "ClockDrift"            -> ClockDrift(s.h)

-----------------------------------------------------------------------------
(* Safety *)

FencingTypeOK ==
    /\ role \in [Hosts -> Roles]
    /\ gen \in [Hosts -> Nat]
    /\ witness \in [gen : Nat \ {0}, owner : Hosts \cup {NoOwner}]
    /\ lease \in [Hosts -> 0..Lease]
    /\ silence \in [Hosts -> 0..TakeoverWait]
    /\ drift \in [Hosts -> 0..MaxDrift]
    /\ paused \in [Hosts -> BOOLEAN]
    /\ pauseAge \in [Hosts -> 0..MaxPause]
    /\ link \in BOOLEAN
    /\ witnessLink \in [Hosts -> BOOLEAN]
    /\ vmSeq \in [Hosts -> [CkptVMs -> Nat]]
    /\ epoch \in [Hosts -> [CkptVMs -> Nat \ {0}]]
    /\ inflight \in [Hosts -> [CkptVMs -> Inflight]]
    /\ acked \in [Hosts -> [CkptVMs -> Nat]]
    /\ committed \in [Hosts -> [CkptVMs -> Checkpoint]]
    /\ buf \in [Hosts -> [CkptVMs -> Seq(BufFrame)]]
    /\ txq \in [Hosts -> Seq(TxFrame)]
    /\ nicOut \in [Hosts -> Seq(TxFrame)]
    /\ \A h \in Hosts : Len(nicOut[h]) <= 1
    /\ wire \in Seq(TxFrame)

\* h's NIC may put a checkpointing VM's frame on the wire as its owner:
\* it won the witness (or registered a join), or its lease holds, or it
\* already took a frame past the check.
MayTransmit(h) ==
    \/ role[h] \in {"unprotected", "syncing"}
    \/ role[h] = "primary" /\ (LeaseHolds(h) \/ nicOut[h] # <<>>)

\* A secondary that may still win the witness (no newer generation granted).
LiveSecondary(h) == role[h] = "secondary" /\ witness.gen <= gen[h]

\* Never two hosts whose NICs may send the VMs' frames as their owner;
\* never an unprotected primary beside a secondary that could take over.
NoSplitBrain ==
    /\ \A h \in Hosts : ~(MayTransmit(h) /\ MayTransmit(Peer(h)))
    /\ \A h \in Hosts : role[h] = "unprotected" => ~LiveSecondary(Peer(h))

\* The clients never see a VM's past twice or out of order, whichever NIC
\* the frames came from.
ExternalConsistency ==
    \A i, j \in DOMAIN wire :
        i < j /\ wire[i].vm = wire[j].vm => wire[i].seq < wire[j].seq

\* A pair is protected: h runs the VMs and its peer is its secondary in the
\* same generation.
Protected(h) ==
    role[h] = "primary" /\ role[Peer(h)] = "secondary" /\ gen[Peer(h)] = gen[h]

\* Output commit: while a pair is protected, no frame of a VM is released
\* or on the wire unless the checkpoint covering it is applied on the
\* secondary.
OutputCommit ==
    \A h \in Hosts : Protected(h) =>
        \A v \in CkptVMs :
            LET out == txq[h] \o nicOut[h] \o wire
            IN \A i \in DOMAIN out : out[i].vm = v => out[i].seq <= committed[Peer(h)][v].seq

-----------------------------------------------------------------------------
(* Liveness (under FairSpec) *)

\* A live host holding the VMs' whole state.
Holder(h) == role[h] \in RunsVMs \cup {"secondary"}

\* The VMs are served: a host runs them and their released output can leave.
Served ==
    \E h \in Hosts :
        /\ role[h] \in RunsVMs
        /\ role[h] # "primary" \/ LeaseHolds(h)

\* Faults stop: no more crashes, pauses, or changes to either link.
FaultsStop == <>[][~FaultNext]_vars

\* Once faults stop with the witness reachable from a live host holding
\* the VMs, the VMs are served again and again.
ServedAgain ==
    (FaultsStop /\ <>[](\E h \in Hosts : Holder(h) /\ witnessLink[h])) => []<>Served

=============================================================================
