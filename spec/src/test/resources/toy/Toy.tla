---------------------------- MODULE Toy ----------------------------
(* A counter that climbs to Limit and resets: small enough for unit tests, rich
   enough for every outcome the TLC driver must report. *)
EXTENDS Naturals, Sequences
CONSTANTS Limit, Procs
VARIABLES x, log, owner
vars == <<x, log, owner>>

Init == x = 0 /\ log = <<>> /\ owner = [p \in Procs |-> 0]

Inc(p) == /\ x < Limit
          /\ x' = x + 1
          /\ log' = Append(log, [who |-> p, n |-> x + 1])
          /\ owner' = [owner EXCEPT ![p] = @ + 1]

Reset == /\ x = Limit
         /\ x' = 0
         /\ log' = <<>>
         /\ owner' = [p \in Procs |-> 0]

Next == (\E p \in Procs : Inc(p)) \/ Reset
Spec == Init /\ [][Next]_vars
FairSpec == Spec /\ WF_vars(Next)

TypeOK == x \in 0..Limit /\ owner \in [Procs -> 0..Limit]
Bounded == Len(log) <= Limit
EventuallyFull == []<>(x = Limit)
Settles == <>[](x = Limit)
NeverDown == [][x' >= x]_x
LogFollowsX == [][x' > x => Len(log') = Len(log) + 1]_<<x, log>>
TwoBoxes == [][x' >= x]_x /\ [][Len(log') >= 0]_log
=============================================================================
