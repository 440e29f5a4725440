package be.imio.solutions.probe;

/** A service of the test module that the servlet may need, registered a moment late by {@link ProbeLateLedger}. */
public interface ProbeLedger {
}
