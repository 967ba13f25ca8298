/** The multi-agent family: independent learners and the fixed players that can take a seat. */
export {
  IndependentMultiagentBuilder,
  IndependentMultiagentPreset,
  independentMultiagent,
  loadMultiagentPreset,
  MULTIAGENT_PRESET_FORMAT,
  type MultiagentEnvSpec,
  type SeatChoice,
  type SeatPreset,
} from './independent';
export { PLAYERS, PlayerSeat, isPlayerName, makePlayer, type PlayerName } from './players';
