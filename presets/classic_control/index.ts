/** The classic-control family: presets for CartPole, Acrobot, MountainCar and other small discrete tasks. */
import { a2c } from './a2c';
import { c51 } from './c51';
import { ddqn } from './ddqn';
import { dqn } from './dqn';
import { ppo } from './ppo';
import { rainbow } from './rainbow';
import { parallelRecurrentQ, recurrentQ } from './recurrent_q';
import { vac } from './vac';
import { vpg } from './vpg';
import { vqn } from './vqn';
import { vsarsa } from './vsarsa';

export const classicControl = { dqn, ddqn, c51, rainbow, vqn, vsarsa, vac, vpg, a2c, ppo, recurrent_q: recurrentQ, parallel_recurrent_q: parallelRecurrentQ };
