#!/usr/bin/env bash
# Starts a one-node Slurm cluster on this machine (Debian's slurm-wlm and munge), for the
# real-Slurm test of issue 18 and for trying `allts ... --slurm` before a real cluster.
# Containers have no cgroups or systemd, so: proctrack/linuxproc and task/none, the daemons started
# by hand, and select/cons_tres so the tasks of an array share the node's cores.
# Usage: sudo bash scripts/slurm/start_local_cluster.sh [--install]   (idempotent; prints `sinfo`)
set -euo pipefail

if [[ "${1:-}" == "--install" ]] && ! command -v sbatch >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge >/dev/null
fi
for tool in sbatch slurmctld slurmd munged; do
  command -v "$tool" >/dev/null || { echo "start_local_cluster: $tool not found; install Debian's slurm-wlm and munge (or pass --install)" >&2; exit 1; }
done

host="$(hostname -s)"
cpus="$(nproc)"
memory_mb="$(awk '/MemTotal/ { print int($2 / 1024 * 0.9) }' /proc/meminfo)"
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=allts
SlurmctldHost=${host}
AuthType=auth/munge
SlurmUser=root
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SchedulerParameters=defer
DefMemPerCPU=1024
NodeName=${host} CPUs=${cpus} RealMemory=${memory_mb} State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF

# munge: its key exists after the package's install; make one if not
if [[ ! -s /etc/munge/munge.key ]]; then
  dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null
fi
chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
chmod 0700 /etc/munge; chmod 0400 /etc/munge/munge.key
pgrep -x munged >/dev/null || runuser -u munge -- /usr/sbin/munged
pgrep -x slurmctld >/dev/null || slurmctld
pgrep -x slurmd >/dev/null || slurmd

# wait for the node to come up
for _ in $(seq 1 30); do
  state="$(sinfo -h -N -o '%T' 2>/dev/null | head -1 || true)"
  if [[ "$state" == "idle" || "$state" == "mixed" || "$state" == "allocated" ]]; then
    sinfo
    exit 0
  fi
  sleep 1
done
echo "start_local_cluster: the node did not become idle; see /var/log/slurm/slurmctld.log and slurmd.log" >&2
sinfo -N -l >&2 || true
exit 1
