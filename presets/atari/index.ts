/** The atari family: ALL's ten Atari presets on `AtariEnvironment` games (`Breakout`, `Pong`, ...). */
import { a2c, ppo, vac, vpg } from './actor_critic';
import { c51, rainbow } from './distributional';
import { ddqn, dqn } from './dqn';
import { vqn, vsarsa } from './parallel_q';

export const atari = { dqn, ddqn, c51, rainbow, vqn, vsarsa, vac, vpg, a2c, ppo };
