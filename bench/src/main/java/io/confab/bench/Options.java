package io.confab.bench;

import java.nio.file.Path;
import java.util.List;

/** bench/run's options; {@code --quick} (the default) and {@code --full} set the sizes, any of which may be given. */
final class Options {

  static final String USAGE = """
      usage: bench/run [--quick | --full] [--targets confab,cluster,bare,socketio] [--users N] [--idle N]
                       [--common-rate DELIVERIES_PER_S] [--fixed-seconds S] [--step-seconds S] [--slow-seconds S]
                       [--dm-per-user N] [--p99-limit-ms 100] [--no-profile] [--workloads idle,groups,direct]
                       [--node-jvm "-XX:+UseG1GC ..."]
             (bench/run passes --work, --confab-jar, --bench-jar and --socketio itself)""";

  String mode = "quick";
  List<String> targets = List.of("confab", "cluster", "bare", "socketio");
  int users = 200;
  int idleSockets = 2_000;
  int commonRate = 5_000;
  int fixedSeconds = 8;
  int stepSeconds = 5;
  int slowSeconds = 20;
  double stepFactor = 1.5;
  int maxSteps = 14;
  int dmPerUser = 4;
  int writesPerSecond = 1_000;
  int p99LimitMs = 100;
  boolean profile = true;
  /** Which workloads run: the idle sockets, the groups (fan-out 10, 1000, 100, slow readers), the direct rooms. */
  List<String> workloads = List.of("idle", "groups", "direct");
  /** The JVM options of each Confab node before its heap cap (bench/run passes the node's own, conf/jvm.options). */
  List<String> nodeJvm = List.of();
  int lanes = 2;
  int sourceAddresses = 8;
  Path work;
  Path confabJar;
  Path benchJar;
  Path socketIoDir;

  static Options parse(String[] args) {
    Options o = new Options();
    for (String a : args) {
      if (a.equals("--full")) {
        o.mode = "full";
        o.users = 1_000;
        o.idleSockets = 19_000;
        o.commonRate = 10_000;
        o.fixedSeconds = 20;
        o.stepSeconds = 10;
        o.slowSeconds = 60;
        o.stepFactor = 1.25;
        o.maxSteps = 24;
      }
    }
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick", "--full" -> { }
        case "--targets" -> o.targets = List.of(args[++i].split(","));
        case "--users" -> o.users = Integer.parseInt(args[++i]);
        case "--idle" -> o.idleSockets = Integer.parseInt(args[++i]);
        case "--common-rate" -> o.commonRate = Integer.parseInt(args[++i]);
        case "--fixed-seconds" -> o.fixedSeconds = Integer.parseInt(args[++i]);
        case "--step-seconds" -> o.stepSeconds = Integer.parseInt(args[++i]);
        case "--slow-seconds" -> o.slowSeconds = Integer.parseInt(args[++i]);
        case "--dm-per-user" -> o.dmPerUser = Integer.parseInt(args[++i]);
        case "--p99-limit-ms" -> o.p99LimitMs = Integer.parseInt(args[++i]);
        case "--no-profile" -> o.profile = false;
        case "--workloads" -> o.workloads = List.of(args[++i].split(","));
        case "--node-jvm" -> o.nodeJvm = List.of(args[++i].trim().split("\\s+"));
        case "--work" -> o.work = Path.of(args[++i]);
        case "--confab-jar" -> o.confabJar = Path.of(args[++i]);
        case "--bench-jar" -> o.benchJar = Path.of(args[++i]);
        case "--socketio" -> o.socketIoDir = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (o.work == null || o.confabJar == null || o.benchJar == null || o.socketIoDir == null) {
      throw new IllegalArgumentException("--work, --confab-jar, --bench-jar and --socketio are required");
    }
    if (!List.of("idle", "groups", "direct").containsAll(o.workloads)) {
      throw new IllegalArgumentException("--workloads takes idle, groups and direct");
    }
    if (o.users < 20 || o.users > 1_000 || o.idleSockets < 0 || o.idleSockets > 19_500 || o.commonRate < 100
        || o.commonRate > 200_000 || o.fixedSeconds < 2 || o.fixedSeconds > 120 || o.stepSeconds < 2 || o.stepSeconds > 60
        || o.slowSeconds < 5 || o.slowSeconds > 300 || o.dmPerUser < 2 || o.dmPerUser > 20) {
      throw new IllegalArgumentException("out of bounds: users 20..1000 (a room holds at most 1,000), idle 0..19500 "
          + "(the hard limit of open files per process here is 20,000), common rate 100..200000, fixed 2..120 s, "
          + "step 2..60 s, slow 5..300 s, dm-per-user 2..20");
    }
    return o;
  }
}
