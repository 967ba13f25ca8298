/** The minatar family: the ten agents on MinAtar's five games (10x10 images, `MinAtar/<Game>-v0|v1`). */
import { a2c, ppo, vac, vpg } from './actor_critic';
import { c51, rainbow } from './distributional';
import { ddqn, dqn } from './dqn';
import { vqn, vsarsa } from './parallel_q';
import { recurrentQ } from './recurrent_q';

export const minatar = { dqn, ddqn, c51, rainbow, vqn, vsarsa, vac, vpg, a2c, ppo, recurrent_q: recurrentQ };
