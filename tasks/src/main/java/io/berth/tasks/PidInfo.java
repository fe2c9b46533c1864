package io.berth.tasks;

/** A process of a task: its host pid and, for an exec'd process, its exec id ("" otherwise). */
public record PidInfo(long pid, String execId) {
}
